package io.zeekpipeline.enrich;

import java.util.Map;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.normalize.ZeekFixtures;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnricherTest {

    /** The enriched layer of a flat record of {@code logType} with the given extra members (single-quoted JSON). */
    private static Map<String, Object> enrichedOf(String logType, String ts, String members) {
        return enriched("{'_path': '" + logType + "', 'ts': '" + ts + "'" + members + "}").enriched();
    }

    private static Map<String, Object> dnsBetween(String src, String dst) {
        return enrichedOf("dns", "2026-01-31T13:05:00Z", ", 'id.orig_h': '" + src + "', 'id.resp_h': '" + dst + "'");
    }

    private static Map<String, Object> dnsToPort(int port) {
        return enrichedOf("dns", "2026-01-31T13:05:00Z",
                ", 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8', 'proto': 'udp', 'id.resp_p': " + port);
    }

    private static void assertTimeParts(Map<String, Object> enriched, int... yearMonthDayHourWeekday) {
        assertEquals(yearMonthDayHourWeekday[0], enriched.get("event_year"));
        assertEquals(yearMonthDayHourWeekday[1], enriched.get("event_month"));
        assertEquals(yearMonthDayHourWeekday[2], enriched.get("event_day"));
        assertEquals(yearMonthDayHourWeekday[3], enriched.get("event_hour"));
        assertEquals(yearMonthDayHourWeekday[4], enriched.get("event_weekday"));
    }

    @Test
    void refusesAnEventNoNormalizeStepReachedSoItNeverLandsIn1970() {
        ZeekEvent skipped = ZeekFixtures.detected("{'_path': 'dns', 'ts': '2026-01-31T13:05:00Z'}", 7);
        LogTypeGroup group = new LogTypeGroup("dns", true);
        group.add(skipped);
        Exchange exchange = ZeekFixtures.exchangeWith(group);
        Rejects rejects = new Rejects();
        exchange.setProperty(ZeekHeaders.REJECTS, rejects);

        new Enricher(ZeekFixtures.rules(), ZeekFixtures.tables()).process(exchange);

        assertEquals(0, group.events().size());
        assertEquals(1, rejects.getRecords().size());
        assertEquals("event reached enrich without the normalize step: every branch of choose-by-log-type must end "
                     + "in normalize", rejects.getRecords().get(0).cause().getMessage());
    }

    @Test
    void splitsTheEventTimeIntoUtcPartsWithSaturdayAsSix() {
        assertTimeParts(enrichedOf("dns", "2026-01-31T13:05:00Z", ""), 2026, 1, 31, 13, 6);
    }

    @Test
    void countsWeekdaysFromSundayAsZero() {
        assertTimeParts(enrichedOf("dns", "2026-02-01T00:00:00Z", ""), 2026, 2, 1, 0, 0);
    }

    @Test
    void floorsTimesBefore1970IntoThePreviousSecond() {
        assertTimeParts(enrichedOf("dns", "1969-12-31T23:59:59.5Z", ""), 1969, 12, 31, 23, 3);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1,     192.168.1.1, internal, true,  true",
        "10.0.0.1,     8.8.8.8,     outbound, true,  false",
        "8.8.8.8,      10.0.0.1,    inbound,  false, true",
        "8.8.8.8,      1.1.1.1,     external, false, false",
        "fd12:3456::1, fe80::1,     internal, true,  true",
        "2001:db8::1,  fe80::1,     inbound,  false, true"})
    void classifiesTheDirectionFromBothEnds(String src, String dst, String direction, boolean srcLocal,
            boolean dstLocal) {
        Map<String, Object> enriched = dnsBetween(src, dst);

        assertEquals(direction, enriched.get(EventFields.DIRECTION));
        assertEquals(srcLocal, enriched.get(EventFields.SRC_PRIVATE));
        assertEquals(dstLocal, enriched.get(EventFields.DST_PRIVATE));
    }

    @Test
    void leavesTheDirectionNullWhenAnAddressIsUnparsable() {
        Map<String, Object> enriched = dnsBetween("not-an-ip", "10.0.0.1");

        assertTrue(enriched.containsKey(EventFields.DIRECTION));
        assertNull(enriched.get(EventFields.DIRECTION));
        assertNull(enriched.get(EventFields.SRC_PRIVATE));
        assertEquals(true, enriched.get(EventFields.DST_PRIVATE));
    }

    @Test
    void neverResolvesHostNames() {
        Map<String, Object> enriched = dnsBetween("localhost", "10.0.0.1");

        assertNull(enriched.get(EventFields.SRC_PRIVATE));
        assertNull(enriched.get(EventFields.DIRECTION));
    }

    @ParameterizedTest
    @CsvSource({"53, dns", "445, smb", "443, https", "40000, unknown"})
    void namesTheServiceFromTheDestinationPort(int port, String service) {
        assertEquals(service, dnsToPort(port).get(EventFields.SERVICE));
    }

    @Test
    void fallsBackToTheProtocolWhenThereIsNoPort() {
        Map<String, Object> enriched = enrichedOf("notice", "2026-01-31T13:05:00Z",
                ", 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8', 'proto': 'icmp'");

        assertEquals("icmp", enriched.get(EventFields.SERVICE));
    }

    @Test
    void keepsThePromotedServiceOfConn() {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8',"
                                   + " 'id.resp_p': 53, 'service': 'ssl'}}");

        assertFalse(event.enriched().containsKey(EventFields.SERVICE));
        assertEquals("ssl", event.normalized().get("service").text());
        assertEquals("outbound", event.enriched().get(EventFields.DIRECTION));
    }

    @Test
    void addsOnlyTimePartsWhenTheRuleHasNoNetworkEnrichment() {
        Map<String, Object> enriched = enrichedOf("x509", "2026-01-31T13:05:00Z", "");

        assertEquals(Map.of("event_year", 2026, "event_month", 1, "event_day", 31, "event_hour", 13,
                "event_weekday", 6), enriched);
    }
}
