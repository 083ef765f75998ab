package io.zeekpipeline.enrich;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Reader;
import io.zeekpipeline.json.FieldMap;

/**
 * Country, city and location (a GeoIP2/GeoLite2 City or Country database) and autonomous system (an ASN database)
 * of an address, read with MaxMind's reader from operator-supplied .mmdb files; decoded records are cached,
 * bounded. Thread-safe.
 */
public final class GeoLookup {

    /** Decoded records kept per database: a sensor's traffic goes to far fewer networks than this. */
    private static final int CACHED_RECORDS = 16_384;
    private static final EndNames SRC = EndNames.of("src_");
    private static final EndNames DST = EndNames.of("dst_");

    private final Reader city;
    private final Reader asn;
    private final Map<String, Class<?>> fields;

    /**
     * The enriched field names of one end, joined once: joined per field and event they were garbage, and
     * each a new string that the output's name cache had to hash and look up.
     */
    private record EndNames(String countryIsoCode, String cityName, String latitude, String longitude,
            String asNumber, String asOrganization) {
        static EndNames of(String end) {
            return new EndNames(end + "geo_country_iso_code", end + "geo_city_name", end + "geo_location_lat",
                    end + "geo_location_lon", end + "as_number", end + "as_organization");
        }
    }

    private GeoLookup(Reader city, Reader asn) {
        this.city = city;
        this.asn = asn;
        Map<String, Class<?>> names = new LinkedHashMap<>();
        for (EndNames end : new EndNames[] {SRC, DST}) {
            if (city != null) {
                names.put(end.countryIsoCode(), String.class);
                names.put(end.cityName(), String.class);
                names.put(end.latitude(), Double.class);
                names.put(end.longitude(), Double.class);
            }
            if (asn != null) {
                names.put(end.asNumber(), Long.class);
                names.put(end.asOrganization(), String.class);
            }
        }
        this.fields = Collections.unmodifiableMap(names);
    }

    /**
     * The lookup of the databases given (null or empty = that one off); an IOException naming the file that
     * cannot be opened as a MaxMind DB.
     */
    public static GeoLookup open(String cityDatabase, String asnDatabase) throws IOException {
        return new GeoLookup(reader(cityDatabase), reader(asnDatabase));
    }

    private static Reader reader(String path) throws IOException {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            return new Reader(new File(path), new CHMCache(CACHED_RECORDS));
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot open MaxMind database '" + path + "': " + e.getMessage(), e);
        }
    }

    /** No database: no fields. */
    public static GeoLookup none() {
        return new GeoLookup(null, null);
    }

    /** The enriched fields the databases give, both ends, in column order; empty when both are off. */
    public Map<String, Class<?>> fields() {
        return fields;
    }

    /**
     * Puts the fields of one end ({@code src} or not) that the databases know into the enriched layer; an address
     * that is null (missing, local: never looked up) or not in the databases adds nothing, so its columns are null
     * in Parquet and absent from the output JSON (a dozen null fields per event cost a fifth of the throughput).
     */
    void put(FieldMap<Object> enriched, boolean src, byte[] address) {
        if (address == null) {
            return;
        }
        EndNames end = src ? SRC : DST;
        InetAddress ip = inet(address);
        CityRecord place = city == null ? null : get(city, ip, CityRecord.class);
        if (place != null) {
            putKnown(enriched, end.countryIsoCode(), place.country() == null ? null : place.country().isoCode());
            putKnown(enriched, end.cityName(),
                    place.city() == null || place.city().names() == null ? null : place.city().names().get("en"));
            Location location = place.location();
            if (location != null) {
                putKnown(enriched, end.latitude(), location.latitude());
                putKnown(enriched, end.longitude(), location.longitude());
            }
        }
        AsnRecord network = asn == null ? null : get(asn, ip, AsnRecord.class);
        if (network != null) {
            putKnown(enriched, end.asNumber(), network.number());
            putKnown(enriched, end.asOrganization(), network.organization());
        }
    }

    private static void putKnown(FieldMap<Object> enriched, String name, Object value) {
        if (value != null) {
            enriched.put(name, value);
        }
    }

    private static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException notFourOrSixteenBytes) {
            throw new IllegalArgumentException("an address of " + address.length + " bytes", notFourOrSixteenBytes);
        }
    }

    private static <T> T get(Reader reader, InetAddress ip, Class<T> type) {
        try {
            return reader.get(ip, type);
        } catch (IOException e) {
            // a database damaged after the start: the record goes to the dead letters with this reason
            throw new UncheckedIOException("MaxMind database lookup of " + ip.getHostAddress() + " failed", e);
        }
    }

    /** The part of a City or Country database record the columns take. */
    public record CityRecord(Country country, City city, Location location) {
        @MaxMindDbConstructor
        public CityRecord(@MaxMindDbParameter(name = "country") Country country,
                @MaxMindDbParameter(name = "city") City city,
                @MaxMindDbParameter(name = "location") Location location) {
            this.country = country;
            this.city = city;
            this.location = location;
        }
    }

    /** A record's country. */
    public record Country(String isoCode) {
        @MaxMindDbConstructor
        public Country(@MaxMindDbParameter(name = "iso_code") String isoCode) {
            this.isoCode = isoCode;
        }
    }

    /** A record's city, its name by language. */
    public record City(Map<String, String> names) {
        @MaxMindDbConstructor
        public City(@MaxMindDbParameter(name = "names") Map<String, String> names) {
            this.names = names;
        }
    }

    /** A record's approximate location. */
    public record Location(Double latitude, Double longitude) {
        @MaxMindDbConstructor
        public Location(@MaxMindDbParameter(name = "latitude") Double latitude,
                @MaxMindDbParameter(name = "longitude") Double longitude) {
            this.latitude = latitude;
            this.longitude = longitude;
        }
    }

    /** An ASN database record. */
    public record AsnRecord(Long number, String organization) {
        @MaxMindDbConstructor
        public AsnRecord(@MaxMindDbParameter(name = "autonomous_system_number") Long number,
                @MaxMindDbParameter(name = "autonomous_system_organization") String organization) {
            this.number = number;
            this.organization = organization;
        }
    }
}
