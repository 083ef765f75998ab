package io.zeekpipeline.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The kinds of message the pipeline (with its default size limits) must send to the dead-letter topic, each with a
 * part of the reason it must give there; times fall in 2025-11-26T00Z, the sensor mix's first hour. Thread-safe.
 */
public enum PoisonKind {

    MALFORMED_JSON("malformed JSON", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"conn\": {\"ts\": " + ts(n) + ", \"uid\": \"M" + n + "\"");
        }
    },
    NOT_AN_OBJECT("not an object", false) {
        @Override
        public byte[] message(int n) {
            return utf8("[" + n + ", 2, 3]");
        }
    },
    NO_LOG_TYPE("no log type", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"ts\": " + ts(n) + ", \"uid\": \"L" + n + "\"}");
        }
    },
    TWO_CANDIDATE_RECORDS("more than one object member", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"conn\": {\"ts\": " + ts(n) + ", \"uid\": \"R" + n + "\"}, \"dns\": {\"ts\": " + ts(n)
                        + ", \"uid\": \"R" + n + "\"}}");
        }
    },
    INVALID_UTF8("invalid UTF-8", false) {
        @Override
        public byte[] message(int n) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(utf8("{\"conn\": {\"ts\": " + ts(n) + ", \"uid\": \"U" + n));
            bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
            bytes.writeBytes(utf8("\"}}"));
            return bytes.toByteArray();
        }
    },
    TIME_IN_WORDS("time value 'yesterday'", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"conn\": {\"ts\": \"yesterday\", \"uid\": \"W" + n + "\"}}");
        }
    },
    TIME_IN_HEX("time value '0x1p30'", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"conn\": {\"ts\": \"0x1p30\", \"uid\": \"X" + n + "\"}}");
        }
    },
    DUPLICATE_KEY("duplicate key 'uid'", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"conn\":{\"uid\":\"a" + n + "\",\"uid\":\"b\",\"ts\":1.0}}");
        }
    },
    UNDERSCORE_LOG_TYPE("log type '_default' breaks the name rule", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"_default\": {\"ts\": " + ts(n) + ", \"uid\": \"N" + n + "\"}}");
        }
    },
    DOT_LOG_TYPE("log type '.hidden' breaks the name rule", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"_path\": \".hidden\", \"ts\": " + ts(n) + ", \"uid\": \"D" + n + "\"}");
        }
    },
    LONE_SURROGATE("unpaired surrogate escape \\ud800", false) {
        @Override
        public byte[] message(int n) {
            return utf8("{\"conn\": {\"ts\": " + ts(n) + ", \"uid\": \"S" + n + "\", \"history\": \"a\\ud800b\"}}");
        }
    },
    /** 1.5 MB, over pipeline.input.max-message-bytes (1 MiB): the dead letter is cut. */
    OVER_INPUT_LIMIT("exceeds the limit", false) {
        @Override
        public byte[] message(int n) {
            return ConnMessages.jsonOfSize("Pover" + n, ts(n), 1_500_000);
        }
    },
    /** Just under 1 MiB: within the input limit, but its output JSON is over pipeline.output.max-message-bytes. */
    OUTPUT_TOO_LARGE("output message of ", true) {
        @Override
        public byte[] message(int n) {
            return ConnMessages.jsonOfSize("Pbig" + n, ts(n), 1_048_576 - 100);
        }
    },
    /** 350 KB of TSV whose set of 350,000 empty strings is over 1 MiB as output JSON. */
    TSV_OUTPUT_TOO_LARGE("output message of ", true) {
        @Override
        public byte[] message(int n) {
            return ConnMessages.tsvWithEmptySet("Ptsv" + n, ts(n), 350_000);
        }
    };

    private final String reason;
    private final boolean validConn;

    PoisonKind(String reason, boolean validConn) {
        this.reason = reason;
        this.validConn = validConn;
    }

    /** The n-th message of this kind; n makes it differ from the others (its uid, where it has one). */
    public abstract byte[] message(int n);

    /** A part of the reason its dead letter must carry in the zeek-error header. */
    public String reason() {
        return reason;
    }

    /**
     * True for a valid conn record with a uid of its own, written to Parquet like any other and dead-lettered
     * (instead of sent to the output topic) only because its output message is too large.
     */
    public boolean validConn() {
        return validConn;
    }

    /** Epoch seconds in 2025-11-26T00Z as Zeek writes them. */
    private static String ts(int n) {
        return (1_764_115_200L + n % 3600) + ".5";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
