package io.zeekpipeline.testkit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/** Zeek conn records as Kafka messages, of a chosen size for tests of the size limits; stateless, thread-safe. */
public final class ConnMessages {

    private ConnMessages() {
    }

    /** A conn record in the zeek-kafka tagged envelope; {@code ts} is written as given, {@code history} pads it. */
    public static byte[] json(String uid, String ts, String history) {
        return ("{\"conn\":{\"ts\":" + ts + ",\"uid\":\"" + uid + "\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":40000,"
                + "\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":53,\"proto\":\"udp\",\"history\":\"" + history + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A valid conn record of exactly {@code size} bytes, padded with hex digits lz4 cannot shrink much. */
    public static byte[] jsonOfSize(String uid, String ts, int size) {
        int padding = size - json(uid, ts, "").length;
        byte[] random = new byte[(padding + 1) / 2];
        new Random(size).nextBytes(random);
        return json(uid, ts, HexFormat.of().formatHex(random).substring(0, padding));
    }

    /**
     * A TSV conn record (header block and one data line) whose {@code tunnel_parents} set holds {@code elements}
     * empty strings: one byte each in TSV, three in the output JSON ({@code "",}).
     */
    public static byte[] tsvWithEmptySet(String uid, String ts, int elements) {
        String header = String.join("\n",
                "#separator \\x09",
                "#set_separator\t,",
                "#empty_field\t(empty)",
                "#unset_field\t-",
                "#path\tconn",
                "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttunnel_parents",
                "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tset[string]");
        String line = ts + "\t" + uid + "\t10.0.0.3\t1000\t10.0.0.4\t80\ttcp\t" + ",".repeat(elements - 1);
        return (header + "\n" + line).getBytes(StandardCharsets.UTF_8);
    }
}
