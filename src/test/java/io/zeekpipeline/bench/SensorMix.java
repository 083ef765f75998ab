package io.zeekpipeline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.zeekpipeline.ingest.ZeekTsvReader;
import io.zeekpipeline.testkit.ZeekSamples;

/**
 * Sensor-like records drawn from the real samples: about 40% conn, 30% dns, 8% ssl, 8% http and the
 * rest spread over other log types; each with a unique uid and a ts spread over three hours, in the
 * zeek-kafka tagged envelope. A log type the samples lack is left out and its share goes to the other
 * types (the bundled samples have no http or files). Deterministic for a seed; not thread-safe.
 */
public final class SensorMix {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Double> SHARES = Map.of("conn", 0.40, "dns", 0.30, "ssl", 0.08, "http", 0.08);
    private static final List<String> OTHERS = List.of("weird", "notice", "x509", "smtp", "rdp", "ntp", "ocsp",
            "syslog", "known_services", "software", "ntlm", "smb_mapping", "dce_rpc", "ftp", "files", "snmp",
            "ssh", "kerberos", "dpd", "analyzer", "known_hosts", "modbus");
    private static final long START_SECONDS = 1_764_115_200L; // 2025-11-26T00:00:00Z
    private static final double SPAN_SECONDS = 3 * 3600;
    /** Where a template's uid and ts go: each record is a template with these replaced, not a tree serialized. */
    private static final String UID = "@@uid@@";
    private static final String TS = "@@ts@@";

    private final Map<String, List<Template>> templates = new LinkedHashMap<>();
    private final Map<String, Double> shares = new LinkedHashMap<>();
    private final List<String> missing = new ArrayList<>();
    private final Random random;
    private final double othersShare;
    private final List<String> others = new ArrayList<>();

    /** {@code allLogTypes}: the rest spread over every log type of the samples instead of a sensor's usual ones. */
    public SensorMix(long seed, boolean allLogTypes) throws IOException {
        this.random = new Random(seed);
        for (Map.Entry<String, Double> share : SHARES.entrySet()) {
            if (addTemplates(share.getKey())) {
                shares.put(share.getKey(), share.getValue());
            }
        }
        for (String type : allLogTypes ? sampleLogTypes() : OTHERS) {
            if (addTemplates(type)) {
                others.add(type);
            }
        }
        this.othersShare = 1.0 - shares.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** How many log types the records are drawn from. */
    public int logTypes() {
        return templates.size();
    }

    /** The log types of the mix that the samples have no file of, left out of it. */
    public List<String> missingLogTypes() {
        return List.copyOf(missing);
    }

    /** Loads the type's records; false (and noted as missing) when the samples have none. */
    private boolean addTemplates(String type) throws IOException {
        List<ObjectNode> records = load(type);
        if (records.isEmpty()) {
            missing.add(type);
            return false;
        }
        List<Template> pool = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            boolean hasUid = record.has("uid");
            if (hasUid) {
                record.putRawValue("uid", new RawValue(UID));
            }
            record.putRawValue("ts", new RawValue(TS));
            pool.add(new Template("{\"" + type + "\": " + JSON.writeValueAsString(record) + "}", hasUid));
        }
        templates.put(type, pool);
        return true;
    }

    /**
     * Every log type with a JSON or TSV sample, besides the four with shares of their own; variants (dns.simir2025)
     * left out.
     */
    private static List<String> sampleLogTypes() throws IOException {
        TreeSet<String> types = new TreeSet<>();
        for (String folder : List.of("json", "tsv")) {
            try (Stream<Path> files = Files.list(ZeekSamples.root().resolve(folder))) {
                files.map(file -> file.getFileName().toString().replaceFirst("\\.log(\\.gz)?$", ""))
                        .filter(type -> !type.contains(".") && !SHARES.containsKey(type))
                        .forEach(types::add);
            }
        }
        return List.copyOf(types);
    }

    /** The i-th record of n, as message bytes. */
    public byte[] record(long i, long n) {
        String type = pickType();
        List<Template> pool = templates.get(type);
        Template template = pool.get(random.nextInt(pool.size()));
        String record = template.json();
        if (template.hasUid()) {
            record = record.replace(UID,
                    "\"C" + Long.toString(i, 36) + "b" + Integer.toString(random.nextInt(1 << 20), 36) + "\"");
        }
        double ts = START_SECONDS + SPAN_SECONDS * i / n + random.nextInt(1_000_000) / 1e6;
        // Double.toString: what Jackson writes for a double
        return record.replace(TS, Double.toString(Math.round(ts * 1e6) / 1e6)).getBytes(StandardCharsets.UTF_8);
    }

    /** A sample record in the tagged envelope, with {@link #UID} (when it has a uid) and {@link #TS} in place. */
    private record Template(String json, boolean hasUid) {
    }

    private String pickType() {
        double r = random.nextDouble();
        for (Map.Entry<String, Double> share : shares.entrySet()) {
            if (r < share.getValue()) {
                return share.getKey();
            }
            r -= share.getValue();
        }
        return others.get((int) Math.min(others.size() - 1, r / othersShare * others.size()));
    }

    /** Up to 5,000 records of a type, JSON samples first, else the TSV one; none when the samples lack the type. */
    private static List<ObjectNode> load(String type) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        for (String name : List.of("json/" + type + ".log", "json/" + type + ".log.gz")) {
            Path file = ZeekSamples.root().resolve(name);
            if (Files.exists(file)) {
                for (String line : ZeekSamples.lines(file)) {
                    ObjectNode record = (ObjectNode) JSON.readTree(line);
                    record.remove("_path");
                    record.remove("_write_ts");
                    records.add(record);
                    if (records.size() >= 5000) {
                        return records;
                    }
                }
                return records;
            }
        }
        for (String name : List.of("tsv/" + type + ".log", "tsv/" + type + ".log.gz")) {
            Path file = ZeekSamples.root().resolve(name);
            if (Files.exists(file)) {
                try (InputStream raw = Files.newInputStream(file);
                     InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                     BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    ZeekTsvReader tsv = new ZeekTsvReader(reader, name, type);
                    for (ZeekTsvReader.Line line = tsv.next(); line != null && records.size() < 5000;
                            line = tsv.next()) {
                        records.add(line.record());
                    }
                }
                return records;
            }
        }
        return records;
    }
}
