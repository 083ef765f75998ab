package io.zeekpipeline.ops;

import java.util.ArrayDeque;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StartupTimelineTest {

    @Test
    void milestonesAreListedInTheOrderReachedWithTheirFirstTime() {
        ArrayDeque<Long> clock = new ArrayDeque<>(List.of(105L, 180L, 1300L, 1320L, 1500L, 1720L, 1730L, 1760L, 1900L));
        StartupTimeline timeline = new StartupTimeline(clock::poll);

        timeline.reached("main");
        timeline.reached("settings");
        timeline.reached("output-check");
        timeline.reached("beans");
        timeline.reached("context");
        timeline.reached("assigned");
        // a second assignment (a rebalance) keeps the first one's time
        timeline.reached("assigned");
        timeline.reached("ready");
        timeline.recordConsumed();

        assertEquals("start-up timeline (ms since the JVM start): main=105 settings=180 output-check=1300 "
                     + "beans=1320 context=1500 assigned=1720 ready=1760 first-record=1900", timeline.line());
    }

    @Test
    void onlyTheFirstRecordIsAMilestone() {
        ArrayDeque<Long> clock = new ArrayDeque<>(List.of(40L, 2000L, 2500L));
        StartupTimeline timeline = new StartupTimeline(clock::poll);

        timeline.reached("main");
        timeline.recordConsumed();
        timeline.recordConsumed();

        assertEquals("start-up timeline (ms since the JVM start): main=40 first-record=2000", timeline.line());
    }
}
