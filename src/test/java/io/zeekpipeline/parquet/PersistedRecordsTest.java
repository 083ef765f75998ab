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

    @Test
    void holdsTheRecordsInTheOffsetRangeOfAFileOfTheirPartition() throws IOException {
        publish("events_conn_zeek-raw+1+100+199.parquet");
        publish("events_conn_zeek-raw+1+300+399.parquet");
        PersistedRecords persisted = persisted();

        assertTrue(persisted.holds(HOUR, "conn", "zeek-raw", 1, 100));
        assertTrue(persisted.holds(HOUR, "conn", "zeek-raw", 1, 199));
        assertTrue(persisted.holds(HOUR, "conn", "zeek-raw", 1, 350));
        assertFalse(persisted.holds(HOUR, "conn", "zeek-raw", 1, 99));
        assertFalse(persisted.holds(HOUR, "conn", "zeek-raw", 1, 200));
        assertFalse(persisted.holds(HOUR, "conn", "zeek-raw", 1, 400));
        assertFalse(persisted.holds(HOUR, "conn", "zeek-raw", 0, 150), "another partition");
        assertFalse(persisted.holds(HOUR, "conn", "other", 1, 150), "another topic");
    }

    @Test
    void ignoresTemporaryAndForeignFilesAndMissingFolders() throws IOException {
        publish(".events_conn_zeek-raw+1+100+199.parquet.tmp");
        publish("events_conn_1711111111-abcdef.parquet");
        publish("other_conn_zeek-raw+1+100+199.parquet");
        PersistedRecords persisted = persisted();

        assertFalse(persisted.holds(HOUR, "conn", "zeek-raw", 1, 150));
        assertFalse(persisted.holds("dns/year=2018/month=03/day=24/hour=17", "dns", "zeek-raw", 1, 150));
    }

    @Test
    void seesFilesPublishedSinceTheListingOnlyAfterForgetting() throws IOException {
        PersistedRecords persisted = persisted();
        assertFalse(persisted.holds(HOUR, "conn", "zeek-raw", 2, 5));
        publish("events_conn_zeek-raw+2+0+9.parquet");
        assertFalse(persisted.holds(HOUR, "conn", "zeek-raw", 2, 5), "the listing is kept");

        persisted.forget();

        assertTrue(persisted.holds(HOUR, "conn", "zeek-raw", 2, 5));
    }
}
