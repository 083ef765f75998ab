package io.zeekpipeline.ops;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads back one small Kafka record batch compressed with the output topic's codec, on a thread of its
 * own while the pipeline starts: the first poll (of input compressed alike) and the first send then find the codec
 * and Kafka's record classes loaded (lz4-java and zstd-jni load a native library at first use: lz4-java's took
 * ~60 ms on the build machine). Stateless and thread-safe.
 */
public final class CodecWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger("startup");
    private static final byte[] VALUE = "{\"ts\":1700000000.0,\"uid\":\"warm-up\"}".getBytes(StandardCharsets.UTF_8);

    private CodecWarmUp() {
    }

    /** Starts the warm-up of {@code codec} (a name Kafka's compression.type takes) on a daemon thread. */
    public static void start(String codec) {
        // a daemon: a start that fails meanwhile does not wait for it
        Thread thread = new Thread(() -> roundTrip(codec), "codec-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Compresses a batch of one record with {@code codec} and reads it back; the records read, 0 if it failed. */
    static int roundTrip(String codec) {
        try {
            MemoryRecords batch = MemoryRecords.withRecords(Compression.of(CompressionType.forName(codec)).build(),
                    new SimpleRecord(VALUE));
            int read = 0;
            for (Record record : batch.records()) {
                read += record.valueSize() == VALUE.length ? 1 : 0;
            }
            return read;
        } catch (RuntimeException | LinkageError e) {
            // the producer reports a codec that cannot work when it sends; here it only cost the warm-up
            LOG.warn("could not warm up the {} codec of the output topic: {}", codec, e.toString());
            return 0;
        }
    }
}
