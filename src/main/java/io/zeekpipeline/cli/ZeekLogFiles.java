package io.zeekpipeline.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads Zeek log files (JSON lines or TSV with headers, plain or .gz) and folders of them, handing
 * on each record with its log type: {@code _path} or the TSV {@code #path}, else the file name
 * before the first dot. TSV is read by {@link TsvLogRecords} and JSON by {@link BroJsonReader}, not the pipeline's
 * readers, so that {@code verify} derives what it expects on its own. Stateless; each call reads on the calling thread.
 */
public final class ZeekLogFiles {

    /** Receives each record: its log type, the record, and for JSON the original line. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(String logType, ObjectNode record, String jsonLine) throws IOException;
    }

    private final BroJsonReader json;

    public ZeekLogFiles(ObjectMapper mapper) {
        this.json = new BroJsonReader(mapper);
    }

    /** The log files named, folders expanded (recursively, sorted), hidden files skipped. */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                            .filter(f -> f.getFileName().toString().matches(".*\\.(log|json)(\\.gz)?"))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IOException(path + " is neither a file nor a folder");
            }
        }
        return files;
    }

    /** The log type a file's name implies: the part before the first dot. */
    public static String logTypeOfName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A log file's bytes, gunzipped when its name ends in .gz, buffered (with mark and reset). */
    static BufferedInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return new BufferedInputStream(
                    file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16);
        } catch (IOException notGzip) {
            raw.close();
            throw notGzip;
        }
    }

    /**
     * Reads every record of one file; a line that is no record goes to {@code unreadable} with its file and line
     * number, and the rest is read. Only a file that cannot be opened or read fails.
     */
    public void read(Path file, RecordSink sink, Consumer<String> unreadable) throws IOException {
        try (BufferedInputStream in = open(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            // TSV logs open with their header block; peeking one byte decides before the reader buffers any
            in.mark(1);
            int first = in.read();
            in.reset();
            if (first < 0) {
                return;
            }
            if (first == '#') {
                new TsvLogRecords(file.toString(), logTypeOfName(file)).read(reader, sink, unreadable);
            } else {
                readJson(file, reader, sink, unreadable);
            }
        }
    }

    private void readJson(Path file, BufferedReader reader, RecordSink sink, Consumer<String> unreadable)
            throws IOException {
        String fallbackType = logTypeOfName(file);
        long number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.read(line);
            } catch (IOException e) {
                unreadable.accept(file + ":" + number + ": not JSON: " + e.getMessage());
                continue;
            }
            if (!(node instanceof ObjectNode record)) {
                unreadable.accept(file + ":" + number + ": not a JSON object");
                continue;
            }
            JsonNode path = record.get("_path");
            sink.accept(path != null && path.isTextual() ? path.asText() : fallbackType, record, line);
        }
    }
}
