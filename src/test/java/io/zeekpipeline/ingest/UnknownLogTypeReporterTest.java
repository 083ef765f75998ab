package io.zeekpipeline.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.event.RejectedRecord;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.ops.PipelineMetrics;
import io.zeekpipeline.testkit.SettableClock;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static io.zeekpipeline.normalize.ZeekFixtures.detected;
import static io.zeekpipeline.normalize.ZeekFixtures.groupExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownLogTypeReporterTest {

    private final PipelineMetrics metrics = new PipelineMetrics();
    private final UnknownLogTypeLimit limit =
            new UnknownLogTypeLimit(1, Duration.ofMinutes(60),
                    new SettableClock(Instant.parse("2025-10-07T22:00:00Z")));
    private final UnknownLogTypeReporter reporter = new UnknownLogTypeReporter(limit, metrics);

    @Test
    void letsTheGroupOfAnAdmittedTypeGoOn() {
        Exchange exchange = groupExchange(detected("{'vendor_a': {'ts': 1.5}}", 0),
                detected("{'vendor_a': {'ts': 2.5}}", 1));

        reporter.process(exchange);

        assertFalse(exchange.isRouteStop());
        assertEquals(List.of(), Rejects.of(exchange).getRecords());
        assertEquals(Map.of("vendor_a", 2L), limit.admittedTypes());
    }

    @Test
    void sendsEveryRecordOfARefusedTypeToTheDeadLettersAndStopsItsGroup() {
        reporter.process(groupExchange(detected("{'vendor_a': {'ts': 1.5}}", 0)));
        Exchange refused = groupExchange(detected("{'vendor_b': {'ts': 1.5}}", 1),
                detected("{'vendor_b': {'ts': 2.5}}", 2));

        reporter.process(refused);

        assertTrue(refused.isRouteStop(), "the group goes no further");
        List<RejectedRecord> rejects = Rejects.of(refused).getRecords();
        assertEquals(List.of(1L, 2L), rejects.stream().map(r -> r.record().offset()).toList());
        Exception cause = rejects.get(0).cause();
        assertInstanceOf(UnknownLogTypeRefusedException.class, cause);
        assertEquals("log type 'vendor_b' has no normalization rule and the limit of log types without one is "
                     + "reached (pipeline.input.max-unknown-log-types=1 per 60 minutes)", cause.getMessage());
        assertEquals(2, metrics.unknownLogTypeRefusedCount());
        assertEquals(Map.of("vendor_a", 1L), limit.admittedTypes());
    }
}
