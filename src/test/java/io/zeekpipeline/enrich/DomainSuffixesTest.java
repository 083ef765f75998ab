package io.zeekpipeline.enrich;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainSuffixesTest {

    private final DomainSuffixes domains = new DomainSuffixes();

    @Test
    void coversAListedDomainAndTheNamesBelowItOnly() {
        String watched = "github.com, GSTATIC.com.";

        assertTrue(domains.covers("github.com", watched));
        assertTrue(domains.covers("glb-db52c2cf8be544.github.com", watched));
        assertTrue(domains.covers("Fonts.gstatic.com.", watched));
        assertFalse(domains.covers("telemetry.individual.githubcopilot.com", watched));
        assertFalse(domains.covers("notgithub.com", watched));
        assertFalse(domains.covers("github.com.evil.test", watched));
        assertFalse(domains.covers(null, watched));
        assertFalse(domains.covers("github.com", ""));
    }
}
