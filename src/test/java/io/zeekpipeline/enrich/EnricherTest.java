package io.zeekpipeline.enrich;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.zeekpipeline.event.EventFields;
import io.zeekpipeline.event.LogTypeGroup;
import io.zeekpipeline.event.Rejects;
import io.zeekpipeline.event.ZeekEvent;
import io.zeekpipeline.event.ZeekHeaders;
import io.zeekpipeline.normalize.ZeekFixtures;
import io.zeekpipeline.rules.NormalizationRules;
import io.zeekpipeline.testkit.ZeekSamples;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.zeekpipeline.normalize.ZeekFixtures.enriched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnricherTest {

    /** The enriched layer of a flat record of {@code logType} with the given extra members (single-quoted JSON). */
    private static Map<String, Object> enrichedOf(String logType, String ts, String members) {
        return enriched("{'_path': '" + logType + "', 'ts': '" + ts + "'" + members + "}").enriched();
    }

    private static Map<String, Object> dnsBetween(String src, String dst) {
        return enrichedOf("dns", "2026-01-31T13:05:00Z", ", 'id.orig_h': '" + src + "', 'id.resp_h': '" + dst + "'");
    }

    /** A notice record (a log type without a service of its own) of a transport to a port. */
    private static Map<String, Object> noticeTo(String proto, int port) {
        return enrichedOf("notice", "2026-01-31T13:05:00Z",
                ", 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8', 'proto': '" + proto + "', 'id.resp_p': " + port);
    }

    private static void assertTimeParts(Map<String, Object> enriched, int... yearMonthDayHourWeekday) {
        assertEquals(yearMonthDayHourWeekday[0], enriched.get("event_year"));
        assertEquals(yearMonthDayHourWeekday[1], enriched.get("event_month"));
        assertEquals(yearMonthDayHourWeekday[2], enriched.get("event_day"));
        assertEquals(yearMonthDayHourWeekday[3], enriched.get("event_hour"));
        assertEquals(yearMonthDayHourWeekday[4], enriched.get("event_weekday"));
    }

    @Test
    void refusesAnEventNoNormalizeStepReachedSoItNeverLandsIn1970() {
        ZeekEvent skipped = ZeekFixtures.detected("{'_path': 'dns', 'ts': '2026-01-31T13:05:00Z'}", 7);
        LogTypeGroup group = new LogTypeGroup("dns", true);
        group.add(skipped);
        Exchange exchange = ZeekFixtures.exchangeWith(group);
        Rejects rejects = new Rejects();
        exchange.setProperty(ZeekHeaders.REJECTS, rejects);

        ZeekFixtures.enricher().process(exchange);

        assertEquals(0, group.events().size());
        assertEquals(1, rejects.getRecords().size());
        assertEquals("event reached enrich without the normalize step: every branch of choose-by-log-type must end "
                     + "in normalize", rejects.getRecords().get(0).cause().getMessage());
    }

    @Test
    void splitsTheEventTimeIntoUtcPartsWithSaturdayAsSix() {
        assertTimeParts(enrichedOf("dns", "2026-01-31T13:05:00Z", ""), 2026, 1, 31, 13, 6);
    }

    @Test
    void countsWeekdaysFromSundayAsZero() {
        assertTimeParts(enrichedOf("dns", "2026-02-01T00:00:00Z", ""), 2026, 2, 1, 0, 0);
    }

    @Test
    void floorsTimesBefore1970IntoThePreviousSecond() {
        assertTimeParts(enrichedOf("dns", "1969-12-31T23:59:59.5Z", ""), 1969, 12, 31, 23, 3);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1,     192.168.1.1, internal, true,  true",
        "10.0.0.1,     8.8.8.8,     outbound, true,  false",
        "8.8.8.8,      10.0.0.1,    inbound,  false, true",
        "8.8.8.8,      1.1.1.1,     external, false, false",
        "fd12:3456::1, fe80::1,     internal, true,  true",
        "2001:db8::1,  fe80::1,     inbound,  false, true"})
    void classifiesTheDirectionFromBothEnds(String src, String dst, String direction, boolean srcLocal,
            boolean dstLocal) {
        Map<String, Object> enriched = dnsBetween(src, dst);

        assertEquals(direction, enriched.get(EventFields.DIRECTION));
        assertEquals(srcLocal, enriched.get(EventFields.SRC_PRIVATE));
        assertEquals(dstLocal, enriched.get(EventFields.DST_PRIVATE));
    }

    @Test
    void callsTheDirectionUnknownWhenAnAddressIsUnparsable() {
        Map<String, Object> enriched = dnsBetween("not-an-ip", "10.0.0.1");

        assertEquals("unknown", enriched.get(EventFields.DIRECTION));
        assertNull(enriched.get(EventFields.SRC_PRIVATE));
        assertEquals(true, enriched.get(EventFields.DST_PRIVATE));
    }

    @Test
    void callsTheDirectionUnknownWhenAnAddressIsMissing() {
        Map<String, Object> enriched = enrichedOf("dns", "2026-01-31T13:05:00Z", ", 'id.orig_h': '10.0.0.1'");

        assertEquals("unknown", enriched.get(EventFields.DIRECTION));
    }

    @Test
    void neverResolvesHostNames() {
        Map<String, Object> enriched = dnsBetween("localhost", "10.0.0.1");

        assertNull(enriched.get(EventFields.SRC_PRIVATE));
        assertEquals("unknown", enriched.get(EventFields.DIRECTION));
    }

    @ParameterizedTest
    @CsvSource({
        // Zeek's Site::local_nets knew better than the configured networks: both ends public here
        "true,  false, outbound",
        "false, true,  inbound",
        "true,  true,  internal",
        "false, false, external"})
    void takesZeeksLocalOrigAndLocalRespOverTheConfiguredNetworks(boolean localOrig, boolean localResp,
            String direction) {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '81.2.69.142', 'id.orig_p': 40000,"
                                   + " 'id.resp_h': '1.0.0.1', 'id.resp_p': 443, 'proto': 'tcp', 'local_orig': "
                                   + localOrig + ", 'local_resp': " + localResp + "}}");

        assertEquals(direction, event.enriched().get(EventFields.DIRECTION));
        // the address class stays the configured networks' verdict
        assertEquals(false, event.enriched().get(EventFields.SRC_PRIVATE));
        assertEquals(false, event.enriched().get(EventFields.DST_PRIVATE));
    }

    @Test
    void takesTheConfiguredNetworksForAnEndZeekGaveNoVerdictOn() {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000,"
                                   + " 'id.resp_h': '1.0.0.1', 'id.resp_p': 443, 'proto': 'tcp',"
                                   + " 'local_resp': true}}");

        assertEquals("internal", event.enriched().get(EventFields.DIRECTION));
    }

    @Test
    void readsLocalOrigFromARealConnRecordOfTheSamples() throws IOException {
        // conn.log line 2: 192.168.0.31 → 20.42.73.31:443, local_orig=true, local_resp=false
        ZeekEvent event = enriched("{'conn': " + ZeekSamples.lines("json/conn.log").get(1) + "}");

        assertEquals("outbound", event.enriched().get(EventFields.DIRECTION));
    }

    @ParameterizedTest
    @CsvSource({"udp, 53, dns", "tcp, 53, dns", "udp, 123, ntp", "tcp, 123, unknown", "tcp, 445, smb",
        "tcp, 443, https", "udp, 443, quic", "tcp, 40000, unknown"})
    void namesTheServiceFromTheDestinationPortOfTheTransport(String proto, int port, String service) {
        assertEquals(service, noticeTo(proto, port).get(EventFields.SERVICE));
    }

    @Test
    void namesADnsRecordsServiceDnsWhateverItsPort() {
        Map<String, Object> enriched = enrichedOf("dns", "2026-01-31T13:05:00Z",
                ", 'id.orig_h': '10.0.0.1', 'id.resp_h': '224.0.0.251', 'proto': 'udp', 'id.resp_p': 5353");

        assertEquals("dns", enriched.get(EventFields.SERVICE));
    }

    @Test
    void keepsZeeksOwnServiceListOfConnAsWritten() {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8',"
                                   + " 'id.resp_p': 8080, 'proto': 'tcp', 'service': 'ssl,http'}}");

        assertEquals("ssl,http", event.normalized().get(EventFields.SERVICE).text());
    }

    @Test
    void guessesNoServiceForAConnRecordZeekFoundNoneFor() {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8',"
                                   + " 'id.resp_p': 123, 'proto': 'udp'}}");

        assertNull(event.normalized().get(EventFields.SERVICE));
        assertFalse(event.enriched().containsKey(EventFields.SERVICE));
    }

    @Test
    void fallsBackToTheProtocolWhenThereIsNoPort() {
        Map<String, Object> enriched = enrichedOf("notice", "2026-01-31T13:05:00Z",
                ", 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8', 'proto': 'icmp'");

        assertEquals("icmp", enriched.get(EventFields.SERVICE));
    }

    @Test
    void keepsThePromotedServiceOfConn() {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '10.0.0.1', 'id.resp_h': '8.8.8.8',"
                                   + " 'id.resp_p': 53, 'service': 'ssl'}}");

        assertFalse(event.enriched().containsKey(EventFields.SERVICE));
        assertEquals("ssl", event.normalized().get("service").text());
        assertEquals("outbound", event.enriched().get(EventFields.DIRECTION));
    }

    @Test
    void addsOnlyTimePartsWhenTheRuleHasNoNetworkEnrichment() {
        Map<String, Object> enriched = enrichedOf("x509", "2026-01-31T13:05:00Z", "");

        assertEquals(Map.of("event_year", 2026, "event_month", 1, "event_day", 31, "event_hour", 13,
                "event_weekday", 6), enriched);
    }

    @ParameterizedTest
    @CsvSource({
        // the spec's baseline_deflt.json: UDP, TCP over IPv6, ICMP echo; a reply of the same echo has the same ID
        "udp,  192.168.1.52, 54585, 8.8.8.8, 53, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        "tcp,  2001:470:e5bf:dead:4957:2174:e82c:4887, 63943, 2607:f8b0:400c:c03::1a, 25,"
            + " 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        "icmp, 192.168.0.89, 8, 192.168.0.1, 0, 1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
        "icmp, 3ffe:507:0:1:200:86ff:fe05:80da, 128, 3ffe:501:0:1001::2, 0, 1:+TW+HtLHvV1xnGhV1lv7XoJrqQg="})
    void addsTheCommunityIdOfAConnRecord(String proto, String src, int srcPort, String dst, int dstPort,
            String expected) {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '" + src + "', 'id.orig_p': " + srcPort
                                   + ", 'id.resp_h': '" + dst + "', 'id.resp_p': " + dstPort + ", 'proto': '"
                                   + proto + "'}}");

        assertEquals(expected, event.enriched().get(EventFields.COMMUNITY_ID));
    }

    @Test
    void keepsZeeksOwnCommunityIdBesideItsOwn() {
        ZeekEvent event = enriched("{'conn': {'ts': 1.5, 'id.orig_h': '192.168.1.52', 'id.orig_p': 54585,"
                                   + " 'id.resp_h': '8.8.8.8', 'id.resp_p': 53, 'proto': 'udp',"
                                   + " 'community_id': '1:from-the-sensor'}}");

        assertEquals("1:from-the-sensor", event.raw().get("community_id").text());
        assertEquals("1:d/FP5EW3wiY1vCndhwleRRKHowQ=", event.enriched().get(EventFields.COMMUNITY_ID));
    }

    @Test
    void hasNoCommunityIdWithoutATransportProtocol() {
        Map<String, Object> enriched = enrichedOf("ssl", "2026-01-31T13:05:00Z",
                ", 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000, 'id.resp_h': '8.8.8.8', 'id.resp_p': 443");

        assertTrue(enriched.containsKey(EventFields.COMMUNITY_ID));
        assertNull(enriched.get(EventFields.COMMUNITY_ID));
    }

    @Test
    void addsTheCommunityIdOfARealSshRecordWhoseRuleNamesItsTransport() throws IOException {
        // ssh.log line 1: 10.0.0.227:59849 → 10.47.8.50:22; ssh's rule has the static protocol tcp
        // (expected: the spec's formula in Python, hashlib and base64)
        ZeekEvent event = enriched(ZeekSamples.lines("json/ssh.log").get(0));

        assertEquals("tcp", event.normalized().get("protocol").text());
        assertEquals("1:GVGWBcpMx8DWIeWXi5FKWTMcJck=", event.enriched().get(EventFields.COMMUNITY_ID));
    }

    @Test
    void addsOnlyWhatTheRuleSwitchesOn() throws IOException {
        NormalizationRules rules = NormalizationRules.load(new ByteArrayInputStream(ZeekFixtures.utf8(ZeekFixtures.json(
                "{'conn': {'promote': {'ts': 'event_time', 'id.orig_h': 'src_ip', 'id.resp_h': 'dst_ip',"
                + " 'id.orig_p': 'src_port', 'id.resp_p': 'dst_port', 'proto': 'protocol'},"
                + " 'enrich': {'network': true, 'service': false, 'community_id': false}},"
                + " 'dns': {'promote': {'ts': 'event_time', 'id.orig_h': 'src_ip', 'id.resp_h': 'dst_ip',"
                + " 'id.orig_p': 'src_port', 'id.resp_p': 'dst_port', 'proto': 'protocol'},"
                + " 'enrich': {'network': false, 'community_id': true}}}"))), "test rules", ZeekFixtures.MAPPER);
        Enricher enricher = new Enricher(rules, ZeekFixtures.tables(), new CommunityId(0), GeoLookup.none());
        String tuple = "'ts': 1.5, 'id.orig_h': '192.168.1.52', 'id.orig_p': 54585, 'id.resp_h': '8.8.8.8',"
                       + " 'id.resp_p': 53, 'proto': 'udp'";

        ZeekEvent conn = ZeekFixtures.normalized("{'conn': {" + tuple + "}}");
        enricher.enrich(conn);
        ZeekEvent dns = ZeekFixtures.normalized("{'dns': {" + tuple + "}}");
        enricher.enrich(dns);

        assertEquals(Map.of(EventFields.SRC_PRIVATE, true, EventFields.DST_PRIVATE, false,
                EventFields.DIRECTION, "outbound"), conn.enriched());
        assertEquals(Map.of(EventFields.COMMUNITY_ID, "1:d/FP5EW3wiY1vCndhwleRRKHowQ="), dns.enriched());
        assertEquals(List.of(EventFields.COMMUNITY_ID), List.copyOf(rules.ruleFor("dns").enrichedFields().keySet()));
    }
}
