package io.zeekpipeline.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistedRecordsTest {

    private static final String HOUR = "conn/year=2018/month=03/day=24/hour=17";

    @TempDir
    Path base;

    private final PersistedRecords persisted() {
        return new PersistedRecords(base.toString(), "events", new Configuration());
    }

    private void publish(String name) throws IOException {
        Files.createDirectories(base.resolve(HOUR));
        Files.writeString(base.resolve(HOUR).resolve(name), "");
    }

    /** Kafka timestamp of the test records (epoch ms). */
    private static final long T = 1_764_000_000_000L;

    @Test
    void holdsTheRecordsInTheOffsetRangeOfAFileOfTheirPartition() throws IOException {
        publish("events_conn_zeek-raw+1+100+199+" + T + "+" + (T + 99) + ".parquet");
        publish("events_conn_zeek-raw+1+300+399+" + T + "+" + (T + 99) + ".parquet");
        PersistedRecords persisted = persisted();

        assertTrue(persisted.folder(HOUR, "conn").holds("zeek-raw", 1, 100, T));
        assertTrue(persisted.folder(HOUR, "conn").holds("zeek-raw", 1, 199, T + 99));
        assertTrue(persisted.folder(HOUR, "conn").holds("zeek-raw", 1, 350, T + 50));
        assertFalse(persisted.folder(HOUR, "conn").holds("zeek-raw", 1, 99, T));
        assertFalse(persisted.folder(HOUR, "conn").holds("zeek-raw", 1, 200, T));
        assertFalse(persisted.folder(HOUR, "conn").holds("zeek-raw", 1, 400, T));
        assertFalse(persisted.folder(HOUR, "conn").holds("zeek-raw", 0, 150, T), "another partition");
        assertFalse(persisted.folder(HOUR, "conn").holds("other", 1, 150, T), "another topic");
    }

    @Test
    void doesNotTakeARecordOfARecreatedTopicForTheOldOneAtItsOffset() throws IOException {
        publish("events_conn_zeek-raw+1+0+99+" + T + "+" + (T + 99) + ".parquet");

        assertFalse(persisted().folder(HOUR, "conn").holds("zeek-raw", 1, 50, T + 86_400_000L),
                "a day later: a new record");
    }

    @Test
    void ignoresTemporaryAndForeignFilesAndMissingFolders() throws IOException {
        publish(".events_conn_zeek-raw+1+100+199+" + T + "+" + T + ".parquet.tmp");
        publish("events_conn_1711111111-abcdef.parquet");
        publish("other_conn_zeek-raw+1+100+199+" + T + "+" + T + ".parquet");
        PersistedRecords persisted = persisted();

        assertFalse(persisted.folder(HOUR, "conn").holds("zeek-raw", 1, 150, T));
        assertFalse(persisted.folder("dns/year=2018/month=03/day=24/hour=17", "dns").holds("zeek-raw", 1, 150, T));
    }

    @Test
    void seesFilesPublishedSinceTheListingOnlyAfterForgetting() throws IOException {
        PersistedRecords persisted = persisted();
        assertFalse(persisted.folder(HOUR, "conn").holds("zeek-raw", 2, 5, T));
        publish("events_conn_zeek-raw+2+0+9+" + T + "+" + T + ".parquet");
        assertFalse(persisted.folder(HOUR, "conn").holds("zeek-raw", 2, 5, T), "the listing is kept");

        persisted.forget();

        assertTrue(persisted.folder(HOUR, "conn").holds("zeek-raw", 2, 5, T));
    }
}
