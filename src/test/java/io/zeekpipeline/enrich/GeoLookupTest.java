package io.zeekpipeline.enrich;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.json.FieldMap;
import io.zeekpipeline.normalize.ZeekFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MaxMind's test databases (src/test/resources/geoip, values from their source data, see SOURCES.md there). */
class GeoLookupTest {

    static final String CITY = "src/test/resources/geoip/GeoLite2-City-Test.mmdb";
    static final String ASN = "src/test/resources/geoip/GeoLite2-ASN-Test.mmdb";

    private static FieldMap<Object> lookUp(GeoLookup geo, String address) {
        FieldMap<Object> enriched = new FieldMap<>(8);
        geo.put(enriched, true, NetworkClassifier.parseLiteral(address));
        return enriched;
    }

    @Test
    void findsCountryCityAndLocationOfAnIpv4Address() throws IOException {
        FieldMap<Object> found = lookUp(GeoLookup.open(CITY, ASN), "81.2.69.142");

        assertEquals("GB", found.get("src_geo_country_iso_code"));
        assertEquals("London", found.get("src_geo_city_name"));
        assertEquals(51.5142, found.get("src_geo_location_lat"));
        assertEquals(-0.0931, found.get("src_geo_location_lon"));
        assertNull(found.get("src_as_number"));
    }

    @Test
    void findsTheCountryOfAnIpv6Address() throws IOException {
        FieldMap<Object> found = lookUp(GeoLookup.open(CITY, ASN), "2001:218::1");

        assertEquals("JP", found.get("src_geo_country_iso_code"));
        assertNull(found.get("src_geo_city_name"));
        assertEquals(35.68536, found.get("src_geo_location_lat"));
    }

    @Test
    void findsTheAutonomousSystem() throws IOException {
        FieldMap<Object> found = lookUp(GeoLookup.open(CITY, ASN), "1.0.0.1");

        assertEquals(15169L, found.get("src_as_number"));
        assertEquals("Google Inc.", found.get("src_as_organization"));
        assertNull(found.get("src_geo_country_iso_code"));
    }

    @Test
    void namesOnlyTheColumnsOfTheDatabasesGiven() throws IOException {
        assertEquals(List.of("src_as_number", "src_as_organization", "dst_as_number", "dst_as_organization"),
                List.copyOf(GeoLookup.open("", ASN).fields().keySet()));
        assertEquals(Map.of(), GeoLookup.open("", " ").fields());
        assertEquals(12, GeoLookup.open(CITY, ASN).fields().size());
    }

    @Test
    void namesTheFileThatIsNoMaxMindDatabase(@TempDir Path folder) throws IOException {
        Path notADatabase = Files.writeString(folder.resolve("city.mmdb"), "not a database");

        IOException refused = assertThrows(IOException.class, () -> GeoLookup.open(notADatabase.toString(), ""));
        assertTrue(refused.getMessage().startsWith("cannot open MaxMind database '" + notADatabase + "': "),
                refused.getMessage());
    }

    @Test
    void namesAMissingFile() {
        IOException refused = assertThrows(IOException.class, () -> GeoLookup.open("", "/nowhere/asn.mmdb"));
        assertTrue(refused.getMessage().startsWith("cannot open MaxMind database '/nowhere/asn.mmdb': "),
                refused.getMessage());
    }

    @Test
    void looksUpThePublicEndsOfARecordAndNeverALocalOne() throws IOException {
        Enricher enricher = new Enricher(ZeekFixtures.rules(), ZeekFixtures.tables(), new CommunityId(0),
                GeoLookup.open(CITY, ASN));
        ZeekEvent event = ZeekFixtures.normalized("{'conn': {'ts': 1.5, 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000,"
                                                  + " 'id.resp_h': '89.160.20.112', 'id.resp_p': 443,"
                                                  + " 'proto': 'tcp'}}");
        enricher.enrich(event);
        FieldMap<Object> enriched = event.enriched();

        assertEquals("SE", enriched.get("dst_geo_country_iso_code"));
        assertEquals("Linköping", enriched.get("dst_geo_city_name"));
        assertEquals(29518L, enriched.get("dst_as_number"));
        assertEquals("Bredband2 AB", enriched.get("dst_as_organization"));
        // the local end is not looked up and adds nothing: null in Parquet, absent from the output JSON
        assertFalse(enriched.containsKey("src_geo_country_iso_code"));
        assertFalse(enriched.containsKey("src_as_number"));
        assertEquals("outbound", enriched.get(EventFields.DIRECTION));
    }

    @Test
    void addsNoGeoFieldsWhereTheRuleSwitchesGeoOff() throws IOException {
        Enricher enricher = new Enricher(ZeekFixtures.rules(), ZeekFixtures.tables(), new CommunityId(0),
                GeoLookup.open(CITY, ASN));
        ZeekEvent event = ZeekFixtures.normalized("{'x509': {'ts': 1.5, 'id.orig_h': '81.2.69.142'}}");
        enricher.enrich(event);

        assertFalse(event.enriched().containsKey("src_geo_country_iso_code"));
    }
}
