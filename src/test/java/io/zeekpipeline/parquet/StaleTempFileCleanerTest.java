package io.zeekpipeline.parquet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zeekpipeline.normalize.ZeekFixtures.exchangeWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaleTempFileCleanerTest {

    @TempDir
    Path base;

    private Path file(String relative, long hoursOld) throws Exception {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(hoursOld, ChronoUnit.HOURS)));
        return file;
    }

    @Test
    void removesOldTemporaryFilesOnlyAndKeepsPublishedAndRecentOnes() throws Exception {
        Path stale = file("conn/year=2026/month=01/day=01/hour=00/.events_conn_1-a.parquet.tmp", 3);
        Path recent = file("conn/year=2026/month=01/day=01/hour=00/.events_conn_2-b.parquet.tmp", 0);
        Path published = file("conn/year=2026/month=01/day=01/hour=00/events_conn_3-c.parquet", 3);

        new StaleTempFileCleaner(base.toString(), 60 * 60_000L, HadoopFiles.configuration())
                .process(exchangeWith(null));

        assertFalse(Files.exists(stale), "a crash's leftover is removed");
        assertTrue(Files.exists(recent), "a file another instance is writing stays");
        assertTrue(Files.exists(published));
    }

    @Test
    void toleratesAMissingBasePath() throws Exception {
        new StaleTempFileCleaner(base.resolve("absent").toString(), 60_000L, HadoopFiles.configuration())
                .process(exchangeWith(null));
        assertFalse(Files.exists(base.resolve("absent")));
    }
}
