package io.zeekpipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.testkit.ConnMessages;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.ParquetOutput;
import io.zeekpipeline.testkit.PipelineSettings;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.PipelineTest.Topic;
import io.zeekpipeline.testkit.RunningPipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records a producer refuses as too large, through the real application and broker: each ends in
 * the dead-letter topic (cut, or without its value, when even that topic refuses it), the good
 * records around them reach both outputs, and every offset is committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the input takes anything; the output and dead-letter topics refuse what a real topic would
// (not below the producer's 256 KiB batches, which Kafka's producer would split in a loop)
@PipelineTest(topics = {
        @Topic(name = "zeek-raw", settings = "max.message.bytes=8388608"),
        @Topic(name = "zeek-normalized", settings = "max.message.bytes=300000"),
        @Topic(name = "zeek-dlq", settings = "max.message.bytes=600000")})
class TooLargeRecordsIT {

    private static final String INPUT = "zeek-raw";
    private static final String OUTPUT = "zeek-normalized";
    private static final String DLQ = "zeek-dlq";
    private static final String GROUP = "too-large";
    private static final int GOOD = 40;
    private static final String TS = "1767225600.123456";

    @TempDir
    static Path output;

    private EmbeddedKafka kafka;
    private RunningPipeline pipeline;
    /** The poison messages by their input offset. */
    private final Map<Long, byte[]> poison = new HashMap<>();
    private long oversizeInput;
    private long megabyteConn;
    private long tsvSet;
    private long refusedByOutput;
    private int total;

    @BeforeAll
    void run(EmbeddedKafka kafka) throws Exception {
        this.kafka = kafka;
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            messages.add(ConnMessages.json("Cgood" + i, TS, ""));
            if (i == 5) {
                // (a) over pipeline.input.max-message-bytes: rejected, and larger than the dead-letter topic takes
                oversizeInput = add(messages, ("{\"conn\":{\"ts\":1767225600.5,\"uid\":\"Cover\",\"pad\":\""
                        + "x".repeat(1_500_000) + "\"}}").getBytes(StandardCharsets.UTF_8));
            } else if (i == 15) {
                // (b) exactly at the input limit: valid, but its output message is larger than the producer's limit
                megabyteConn = add(messages, padded(1_048_576));
            } else if (i == 25) {
                // (c) a small TSV record whose set of empty strings triples in the output JSON
                tsvSet = add(messages, ConnMessages.tsvWithEmptySet("Ctsv", "1767225601.000001", 350_000));
            } else if (i == 35) {
                // fits the producer's limit, but not the output topic's: the broker refuses it
                refusedByOutput = add(messages, padded(500_000));
            }
        }
        total = messages.size();
        kafka.produce(INPUT, messages);

        Map<String, String> props = PipelineSettings.reading(kafka, GROUP, output);
        props.put("pipeline.flush.interval-seconds", "1");
        props.put("pipeline.output.batch-interval-ms", "100");
        props.put("pipeline.config-dir", "config");
        pipeline = RunningPipeline.start(props);
        RunningPipeline.await(() -> kafka.committedSum(GROUP, INPUT) == total, Duration.ofSeconds(90),
                "all " + total + " input offsets committed");
    }

    @AfterAll
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyTooLargeRecordIsDeadLetteredWithItsReason() {
        Map<Long, ConsumerRecord<byte[], byte[]>> dead = kafka.consumeAll(DLQ).stream()
                .collect(Collectors.toMap(r -> Long.parseLong(header(r, ZeekHeaders.DLQ_SOURCE_OFFSET)), r -> r));
        assertEquals(Set.of(oversizeInput, megabyteConn, tsvSet, refusedByOutput), dead.keySet());

        ConsumerRecord<byte[], byte[]> oversize = dead.get(oversizeInput);
        assertTrue(header(oversize, ZeekHeaders.DLQ_ERROR).contains("exceeds the limit"),
                header(oversize, ZeekHeaders.DLQ_ERROR));
        // cut to the producer's limit, then refused by the topic: sent without its value
        assertEquals(0, oversize.value().length);
        assertEquals("true", header(oversize, ZeekHeaders.DLQ_TRUNCATED));
        assertEquals(String.valueOf(poison.get(oversizeInput).length), header(oversize, ZeekHeaders.DLQ_ORIGINAL_SIZE));
        assertEquals(INPUT, header(oversize, ZeekHeaders.DLQ_SOURCE_TOPIC));
        assertEquals("0", header(oversize, ZeekHeaders.DLQ_SOURCE_PARTITION));

        ConsumerRecord<byte[], byte[]> megabyte = dead.get(megabyteConn);
        assertTrue(header(megabyte, ZeekHeaders.DLQ_ERROR).startsWith("output message of "),
                header(megabyte, ZeekHeaders.DLQ_ERROR));
        assertEquals("true", header(megabyte, ZeekHeaders.DLQ_TRUNCATED));
        assertEquals("1048576", header(megabyte, ZeekHeaders.DLQ_ORIGINAL_SIZE));

        ConsumerRecord<byte[], byte[]> tsv = dead.get(tsvSet);
        assertTrue(header(tsv, ZeekHeaders.DLQ_ERROR).startsWith("output message of "),
                header(tsv, ZeekHeaders.DLQ_ERROR));
        assertArrayEquals(poison.get(tsvSet), tsv.value(), "a dead letter that fits keeps the whole message");
        assertNull(tsv.headers().lastHeader(ZeekHeaders.DLQ_TRUNCATED));

        ConsumerRecord<byte[], byte[]> refused = dead.get(refusedByOutput);
        assertTrue(header(refused, ZeekHeaders.DLQ_ERROR).contains("the output topic refused the record"),
                header(refused, ZeekHeaders.DLQ_ERROR));
        assertTrue(header(refused, ZeekHeaders.DLQ_ERROR).contains("RecordTooLargeException"),
                header(refused, ZeekHeaders.DLQ_ERROR));
        assertArrayEquals(poison.get(refusedByOutput), refused.value());

        assertEquals(4, pipeline.metrics().deadLetteredCount(), "only dead letters the broker acknowledged count");
        assertTrue(pipeline.metrics().errorCount() >= 2, "the two refused sends count as errors");
    }

    @Test
    void theGoodRecordsReachTheOutputTopic() {
        Set<String> ids = kafka.consumeAll(OUTPUT).stream()
                .map(r -> header(r, ZeekHeaders.EVENT_ID))
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (long offset = 0; offset < total; offset++) {
            if (!poison.containsKey(offset)) {
                expected.add(INPUT + "-0-" + offset);
            }
        }
        assertEquals(expected, ids);
    }

    @Test
    void theGoodRecordsKeepTheirKeyWhenTheirBatchIsSentAgainOneByOne() {
        // the broker refused one message of the output batch, so its other messages were sent again one at a time
        List<String> keys = kafka.consumeAll(OUTPUT).stream()
                .map(r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8))
                .toList();
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < GOOD; i++) {
            uids.add("Cgood" + i);
        }
        // pipeline.output.key=source-or-flow: no input key, so the flow id (Zeek's uid); a message sent again
        // without its key would add null (the topic is at least once: what the first send took may be there twice)
        assertEquals(uids, new HashSet<>(keys));
    }

    @Test
    void everyValidRecordIsInParquetOnce() throws Exception {
        // the three valid poison records were written to Parquet before their output message was refused
        assertEquals(GOOD + 3, ParquetOutput.rows(output, "conn"));
        assertEquals(GOOD + 3, ParquetOutput.scalar(output, "conn", "count(DISTINCT flow_id)"));
    }

    private long add(List<byte[]> messages, byte[] message) {
        long offset = messages.size();
        messages.add(message);
        poison.put(offset, message);
        return offset;
    }

    /** A valid conn record of exactly {@code size} bytes. */
    private static byte[] padded(int size) {
        return ConnMessages.jsonOfSize("Cbig" + size, TS, size);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
