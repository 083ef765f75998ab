package io.zeekpipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.zeekpipeline.normalize.ZeekFixtures;
import io.zeekpipeline.testkit.EmbeddedKafka;
import io.zeekpipeline.testkit.PipelineTest;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@PipelineTest(topics = {@PipelineTest.Topic(name = ReplayCommandIT.JSON_TOPIC),
    @PipelineTest.Topic(name = ReplayCommandIT.TSV_TOPIC)})
class ReplayCommandIT {

    static final String JSON_TOPIC = "replay-json";
    static final String TSV_TOPIC = "replay-tsv";

    private static String replay(EmbeddedKafka kafka, String topic, Path file, int expectedExit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(List.of("--brokers", kafka.bootstrapServers(), "--topic", topic, file.toString()),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, out);
        return out;
    }

    private static List<String> values(EmbeddedKafka kafka, String topic) {
        return kafka.consumeAll(topic).stream().map(ConsumerRecord::value)
                .map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void sendsZeeksJsonBytesAsWrittenAndSkipsAnUnreadableLine(EmbeddedKafka kafka, @TempDir Path folder)
            throws Exception {
        String conn = ZeekSamples.lines("json/conn.log").get(0);
        // numbers a re-encoding would change: 1.3320086254E9, and a 17-digit fraction that loses a digit
        String shortest = "{\"ts\":1332008625.4,\"uid\":\"CShort\",\"duration\":0.025056123733520509,\"d\":inf}";
        String tagged = "{\"_path\":\"dns\",\"ts\":\"2018-03-24T17:15:20.865716Z\",\"uid\":\"CPath\"}";
        Path file = Files.write(folder.resolve("conn.log"),
                List.of(conn, shortest, "{\"ts\":1332008625.4,", tagged), StandardCharsets.UTF_8);

        String out = replay(kafka, JSON_TOPIC, file, 1);

        assertEquals(List.of("{\"conn\": " + conn + "}", "{\"conn\": " + shortest + "}", tagged),
                values(kafka, JSON_TOPIC));
        assertTrue(out.contains("replayed 3 records from 1 files"), out);
        assertTrue(out.contains(file + ":3: "), out);
        assertTrue(out.contains("1 unreadable lines skipped"), out);
    }

    @Test
    void sendsEachTsvRecordWithItsHeaderBlock(EmbeddedKafka kafka, @TempDir Path folder) throws Exception {
        String[] lines = ZeekFixtures.BRO_20_HTTP.split("\n");
        String header = String.join("\n", lines[0], lines[1], lines[2], lines[3]);
        String second = lines[4].replace("jCHdQ3cXwU4", "jSecond").replace("1332008617.540000", "1332008625.400000");
        Path file = Files.writeString(folder.resolve("http.log"),
                ZeekFixtures.BRO_20_HTTP + second + "\n#close\t2012-03-16-19-33-07\n", StandardCharsets.UTF_8);

        String out = replay(kafka, TSV_TOPIC, file, 0);

        assertEquals(List.of(header + "\n" + lines[4], header + "\n" + second), values(kafka, TSV_TOPIC));
        assertTrue(out.contains("replayed 2 records from 1 files"), out);
        assertTrue(out.contains("http"), out);
    }
}
