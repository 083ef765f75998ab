package io.zeekpipeline.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.zeekpipeline.testkit.SettableClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownLogTypeLimitTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2025-10-07T22:00:00Z"));
    private final UnknownLogTypeLimit limit = new UnknownLogTypeLimit(2, Duration.ofMinutes(60), clock);

    @Test
    void admitsUpToTheLimitOfDistinctTypesAndKeepsThoseFlowing() {
        assertTrue(limit.admit("vendor_a", 3));
        assertTrue(limit.admit("vendor_b", 1));
        assertFalse(limit.admit("vendor_c", 5), "a third new type within the window");
        assertTrue(limit.admit("vendor_a", 2), "an admitted type keeps flowing");
        assertFalse(limit.admit("vendor_c", 1), "still refused");
        assertEquals(Map.of("vendor_a", 5L, "vendor_b", 1L), limit.admittedTypes());
    }

    @Test
    void freesThePlaceOfATypeNotSeenWithinTheWindow() {
        limit.admit("vendor_a", 1);
        clock.advance(Duration.ofMinutes(30));
        limit.admit("vendor_b", 1);
        clock.advance(Duration.ofMinutes(29));
        assertTrue(limit.admit("vendor_a", 1), "seen again 59 minutes later: still admitted, seen anew");
        clock.advance(Duration.ofMinutes(31));
        // vendor_b was last seen 60 minutes ago, vendor_a 31
        assertTrue(limit.admit("vendor_c", 1), "vendor_b's place is free");
        assertFalse(limit.admit("vendor_d", 1));
        assertEquals(Map.of("vendor_a", 2L, "vendor_c", 1L), limit.admittedTypes());
    }

    @Test
    void aLimitOfZeroRefusesEveryType() {
        UnknownLogTypeLimit none = new UnknownLogTypeLimit(0, Duration.ofMinutes(60), clock);
        assertFalse(none.admit("vendor_a", 1));
        assertEquals(Map.of(), none.admittedTypes());
    }

    @Test
    void refusesANegativeLimitOrAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new UnknownLogTypeLimit(-1, Duration.ofMinutes(1), clock));
        assertThrows(IllegalArgumentException.class, () -> new UnknownLogTypeLimit(1, Duration.ZERO, clock));
    }
}
