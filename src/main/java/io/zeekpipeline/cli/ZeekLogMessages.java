package io.zeekpipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import io.zeekpipeline.json.JsonScanner;
import io.zeekpipeline.json.JsonValue;

/**
 * Reads a Zeek log file (JSON lines or TSV, plain or .gz) as the Kafka messages a sensor or a log shipper
 * sends, with Zeek's bytes as written: a JSON line that names its log type ({@code _path}, {@code log_type}) or
 * is already a tagged envelope as it is, any other JSON line wrapped in the zeek-kafka envelope by byte
 * concatenation ({@code {"conn": } + line + {@code }}), and a TSV record as its header block and its line. A
 * line that is no record is reported and skipped. Not thread-safe; each call reads on the calling thread.
 */
final class ZeekLogMessages {

    /** Receives each message with its log type, and each line that is no record. */
    interface MessageSink {
        void message(String logType, byte[] value);

        void unreadable(String problem);
    }

    private static final byte[] ENVELOPE_END = {'}'};

    private final JsonScanner scanner = new JsonScanner(4096);

    /** Reads every line of one file; only a file that cannot be opened or read fails. */
    void read(Path file, MessageSink sink) throws IOException {
        try (InputStream in = ZeekLogFiles.open(file)) {
            String fallbackType = ZeekLogFiles.logTypeOfName(file);
            TsvHeader header = new TsvHeader(fallbackType);
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            long number = 0;
            while (nextLine(in, line)) {
                number++;
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0) {
                    continue;
                }
                if (bytes[0] == '#') {
                    header.add(bytes);
                } else if (header.isOpen()) {
                    sink.message(header.path(), header.withLine(bytes));
                } else {
                    json(file + ":" + number, bytes, fallbackType, sink);
                }
            }
        }
    }

    private void json(String where, byte[] line, String fallbackType, MessageSink sink) {
        JsonScanner.TopLevel record;
        try {
            record = scanner.scanObject(line);
        } catch (JsonScanner.SyntaxException e) {
            sink.unreadable(where + ": not a JSON object: " + e.getMessage());
            return;
        }
        if (record.objectMembers() > 0) {
            sink.message(record.firstObjectName(), line);
            return;
        }
        String named = text(record.members().get("log_type"));
        if (named == null) {
            named = text(record.members().get("_path"));
        }
        if (named != null) {
            sink.message(named, line);
            return;
        }
        byte[] start = ("{\"" + fallbackType + "\": ").getBytes(StandardCharsets.UTF_8);
        byte[] message = Arrays.copyOf(start, start.length + line.length + ENVELOPE_END.length);
        System.arraycopy(line, 0, message, start.length, line.length);
        System.arraycopy(ENVELOPE_END, 0, message, start.length + line.length, ENVELOPE_END.length);
        sink.message(fallbackType, message);
    }

    private static String text(JsonValue value) {
        return value != null && value.kind() == JsonValue.Kind.STRING && !value.text().isEmpty() ? value.text() : null;
    }

    /** The next line's bytes without its '\n' into {@code line}; false at the end. */
    private static boolean nextLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int b = in.read();
        if (b < 0) {
            return false;
        }
        while (b >= 0 && b != '\n') {
            line.write(b);
            b = in.read();
        }
        return true;
    }

    /** The meta lines of the current TSV header block, and its #path. */
    private static final class TsvHeader {
        private final String fallbackType;
        private final ByteArrayOutputStream block = new ByteArrayOutputStream(1024);
        private String path;
        private boolean open;

        TsvHeader(String fallbackType) {
            this.fallbackType = fallbackType;
        }

        void add(byte[] meta) {
            String text = new String(meta, StandardCharsets.UTF_8);
            if (text.startsWith("#separator ")) {
                block.reset();
                path = null;
            }
            if (text.startsWith("#close")) {
                // the block's footer: no part of a record's header
                return;
            }
            open = true;
            if (text.startsWith("#path")) {
                path = text.substring("#path".length()).strip();
            }
            block.writeBytes(meta);
            block.write('\n');
        }

        boolean isOpen() {
            return open;
        }

        String path() {
            return path != null && !path.isEmpty() ? path : fallbackType;
        }

        byte[] withLine(byte[] line) {
            byte[] message = Arrays.copyOf(block.toByteArray(), block.size() + line.length);
            System.arraycopy(line, 0, message, block.size(), line.length);
            return message;
        }
    }
}
