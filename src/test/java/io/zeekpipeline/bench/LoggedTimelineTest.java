package io.zeekpipeline.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark reads the application's start-up timeline line in the agreed form, whatever names it has. */
class LoggedTimelineTest {

    @Test
    void readsEveryPairOfTheLineInItsOrder() {
        String log = "2026-12-06T18:00:00Z | INFO  | health | health | memory=300MB consumed=0\n"
                     + "2026-12-06T18:00:01Z | INFO  | startup | start-up timeline (ms since the JVM start): main=105"
                     + " settings=180 output-check=1300 first-record=1760\n"
                     + "2026-12-06T18:00:02Z | INFO  | health | health | memory=310MB consumed=1000\n";

        Map<String, Long> timeline = LoggedTimeline.parse(log);

        assertEquals(List.of("main", "settings", "output-check", "first-record"), List.copyOf(timeline.keySet()));
        assertEquals(List.of(105L, 180L, 1300L, 1760L), List.copyOf(timeline.values()));
    }

    @Test
    void isEmptyWhenTheLogHasNoTimeline() {
        assertTrue(LoggedTimeline.parse("2026-12-06T18:00:00Z | INFO  | health | health | consumed=0\n").isEmpty());
    }
}
