package io.zeekpipeline.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;

import io.zeekpipeline.event.ConsumedRecord;
import io.zeekpipeline.event.Output;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static io.zeekpipeline.event.Output.KAFKA;
import static io.zeekpipeline.event.Output.PARQUET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetTrackerTest {

    private static final String TOPIC = "zeek-raw";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final OffsetTracker tracker = new OffsetTracker(true, true);

    private static void register(OffsetTracker tracker, long... offsets) {
        for (long offset : offsets) {
            tracker.register(TOPIC, 0, offset);
        }
    }

    private static void ack(OffsetTracker tracker, Output output, long... offsets) {
        for (long offset : offsets) {
            tracker.acknowledge(TOPIC, 0, offset, output);
        }
    }

    private static void ackBoth(OffsetTracker tracker, long... offsets) {
        ack(tracker, PARQUET, offsets);
        ack(tracker, KAFKA, offsets);
    }

    private static long commitPoint(OffsetTracker tracker) {
        return tracker.commitPoints(List.of(P0)).get(P0).offset();
    }

    private Map<TopicPartition, OffsetAndMetadata> committable() {
        return tracker.committable(List.of(P0, P1));
    }

    @Test
    void commitsUpToTheLowestOffsetStillOwed() {
        register(tracker, 0, 1, 2, 3);
        ackBoth(tracker, 0, 1, 3);

        assertEquals(2, commitPoint(tracker));
        assertEquals(2, tracker.pending());
    }

    @Test
    void acceptsAcknowledgementsInAnyOrder() {
        register(tracker, 0, 1, 2);
        ackBoth(tracker, 2, 1);
        assertEquals(0, commitPoint(tracker));

        ackBoth(tracker, 0);
        assertEquals(3, commitPoint(tracker));
        assertEquals(0, tracker.pending());
    }

    @Test
    void needsEveryEnabledOutputBeforeAdvancing() {
        register(tracker, 0);
        ack(tracker, PARQUET, 0);
        assertEquals(0, commitPoint(tracker));

        ack(tracker, KAFKA, 0);
        assertEquals(1, commitPoint(tracker));
    }

    @Test
    void needsNoAcknowledgementFromADisabledOutput() {
        OffsetTracker parquetOnly = new OffsetTracker(true, false);
        register(parquetOnly, 0, 1);
        ack(parquetOnly, PARQUET, 0, 1);

        assertEquals(2, commitPoint(parquetOnly));
    }

    @Test
    void releasesARecordOnlyFromTheOutputsNoBatchTook() {
        register(tracker, 0);
        ConsumedRecord record = new ConsumedRecord(TOPIC, 0, 0, 1_000L, new byte[0]);
        record.handedTo(PARQUET);
        assertFalse(tracker.takenByEveryOutput(record));

        tracker.releaseUntaken(record);
        assertEquals(0, commitPoint(tracker), "still owed to the Parquet batch that took it");

        ack(tracker, PARQUET, 0);
        assertEquals(1, commitPoint(tracker));
    }

    @Test
    void knowsARecordTakenByEveryEnabledOutput() {
        OffsetTracker parquetOnly = new OffsetTracker(true, false);
        ConsumedRecord record = new ConsumedRecord(TOPIC, 0, 0, 1_000L, new byte[0]);
        record.handedTo(PARQUET);

        assertTrue(parquetOnly.takenByEveryOutput(record));
        assertFalse(tracker.takenByEveryOutput(record), "the output topic is enabled too");
    }

    @Test
    void commitsAtOnceWhenNoOutputIsEnabled() {
        OffsetTracker none = new OffsetTracker(false, false);
        register(none, 5, 6);

        assertEquals(7, commitPoint(none));
    }

    @Test
    void skipsGapsInTheOffsets() {
        register(tracker, 10, 13, 20);
        ackBoth(tracker, 10);
        assertEquals(13, commitPoint(tracker));

        ackBoth(tracker, 13);
        assertEquals(20, commitPoint(tracker));
    }

    @Test
    void ignoresRedeliveredLowerOffsets() {
        register(tracker, 0, 1, 2);
        ackBoth(tracker, 0, 1);
        register(tracker, 0, 1);

        assertEquals(2, commitPoint(tracker));
        assertEquals(1, tracker.pending());
    }

    @Test
    void tellsARecordReadAgainFromANewOne() {
        assertTrue(tracker.register(TOPIC, 0, 0), "new");
        assertTrue(tracker.register(TOPIC, 0, 1), "new");
        ackBoth(tracker, 0);

        assertFalse(tracker.register(TOPIC, 0, 0), "read again, already durable");
        assertFalse(tracker.register(TOPIC, 0, 1), "read again, still owed");
        assertTrue(tracker.register(TOPIC, 0, 2), "new");
    }

    @Test
    void keepsTheStateOfARedeliveredOffsetThatIsStillOwed() {
        register(tracker, 0, 1);
        ack(tracker, PARQUET, 1);
        register(tracker, 1);
        ackBoth(tracker, 0);
        ack(tracker, KAFKA, 1);

        assertEquals(2, commitPoint(tracker));
    }

    @Test
    void handsOutEachCommitPointOnce() {
        register(tracker, 0, 1);
        ackBoth(tracker, 0);

        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), committable());
        assertEquals(Map.of(), committable());

        ackBoth(tracker, 1);
        assertEquals(Map.of(P0, new OffsetAndMetadata(2)), committable());
    }

    @Test
    void handsOutACommitPointAgainAfterACommitFailed() {
        register(tracker, 0);
        ackBoth(tracker, 0);
        committable();

        tracker.commitFailed(List.of(P0));

        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), committable());
    }

    @Test
    void tracksPartitionsIndependently() {
        register(tracker, 0);
        tracker.register(TOPIC, 1, 0);
        tracker.acknowledge(TOPIC, 1, 0, PARQUET);
        tracker.acknowledge(TOPIC, 1, 0, KAFKA);

        assertEquals(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(1)),
                tracker.commitPoints(List.of(P0, P1)));
    }

    @Test
    void followsTheLowestOwedOffsetThroughManyOutOfOrderAcknowledgements() {
        LongStream.range(0, 1000).forEach(offset -> register(tracker, offset));
        ackBoth(tracker, LongStream.range(0, 900).toArray());
        LongStream.range(1000, 3000).forEach(offset -> register(tracker, offset));
        List<Long> owed = new ArrayList<>(LongStream.range(900, 3000).boxed().toList());
        Collections.shuffle(owed, new Random(42));
        TreeSet<Long> remaining = new TreeSet<>(owed);

        for (long offset : owed) {
            ack(tracker, PARQUET, offset);
            ack(tracker, KAFKA, offset);
            remaining.remove(offset);
            assertEquals(remaining.isEmpty() ? 3000 : remaining.first(), commitPoint(tracker));
        }
    }
}
