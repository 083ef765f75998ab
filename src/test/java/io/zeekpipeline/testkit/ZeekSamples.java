package io.zeekpipeline.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the real Zeek samples the tests bundle (src/test/resources/zeek-samples, or -Dzeek.samples=PATH). Stateless.
 */
public final class ZeekSamples {

    private ZeekSamples() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("zeek.samples", "src/test/resources/zeek-samples"));
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Zeek samples not found at " + root.toAbsolutePath()
                                            + " (set -Dzeek.samples)");
        }
        return root;
    }

    /** The non-empty lines of a sample file, e.g. {@code json/conn.log}. */
    public static List<String> lines(String relative) throws IOException {
        return lines(root().resolve(relative));
    }

    /**
     * The non-empty lines of a bundled sample file, whatever -Dzeek.samples says: for tests that count on one
     * known file, such as the same records in JSON and TSV.
     */
    public static List<String> bundledLines(String relative) throws IOException {
        return lines(Path.of("src/test/resources/zeek-samples").resolve(relative));
    }

    /** The non-empty lines of any log file, gunzipped when its name ends in .gz. */
    public static List<String> lines(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /**
     * {@code count} real conn records (the sample's, repeated), each with its own uid {@code C<i>}, in
     * the tagged envelope.
     */
    public static List<byte[]> uniqueConnRecords(int count) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = lines("json/conn.log");
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode record = (ObjectNode) json.readTree(lines.get(i % lines.size()));
            record.put("uid", "C" + i);
            records.add(("{\"conn\": " + record + "}").getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    /** Each line as UTF-8 bytes, wrapped in the zeek-kafka tagged envelope {@code {"<type>": <line>}}. */
    public static List<byte[]> tagged(String logType, List<String> lines) {
        return lines.stream().map(line -> ("{\"" + logType + "\": " + line + "}").getBytes(StandardCharsets.UTF_8))
                .toList();
    }
}
