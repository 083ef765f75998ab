package io.zeekpipeline.enrich;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The published vectors of corelight/community-id-spec: baseline/README.md's tables (ICMP given as Zeek logs it,
 * type and code) and baseline/baseline_deflt.json (flows of the spec's pcaps).
 */
class CommunityIdTest {

    private static String id(int seed, String proto, String src, String dst, int srcPort, int dstPort) {
        byte[] from = NetworkClassifier.parseLiteral(src);
        byte[] to = NetworkClassifier.parseLiteral(dst);
        return new CommunityId(seed).of(from, to, CommunityId.protocolNumber(proto, from.length == 16), srcPort,
                dstPort);
    }

    @ParameterizedTest
    @CsvSource({
        // README.md, default settings
        "tcp,  1.2.3.4, 5.6.7.8, 1122, 3344, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
        "tcp,  5.6.7.8, 1.2.3.4, 3344, 1122, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
        "udp,  1.2.3.4, 5.6.7.8, 1122, 3344, 1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
        "udp,  5.6.7.8, 1.2.3.4, 3344, 1122, 1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
        "sctp, 1.2.3.4, 5.6.7.8, 1122, 3344, 1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=",
        "sctp, 5.6.7.8, 1.2.3.4, 3344, 1122, 1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=",
        "icmp, 1.2.3.4, 5.6.7.8, 8,    0,    1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
        "icmp, 5.6.7.8, 1.2.3.4, 0,    0,    1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
        "icmp, 1.2.3.4, 5.6.7.8, 11,   0,    1:f/YiSyWqczrTgfUCZlBUnvHRcPk=",
        "icmp, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, 128, 0,"
            + " 1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
        "icmp, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, 129, 0,"
            + " 1:0bf7hyMJUwt3fMED7z8LIfRpBeo=",
        "icmp, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, 146, 0,"
            + " 1:fYC8+pz24E+EhANP1EZhpX0Dw10=",
        // baseline_deflt.json
        "udp,  192.168.1.52, 8.8.8.8, 54585, 53, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        "tcp,  128.232.110.120, 66.35.250.204, 34855, 80, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        "sctp, 192.168.170.56, 192.168.170.8, 7, 7, 1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
        "icmp, 192.168.0.89, 192.168.0.1, 8, 0, 1:X0snYXpgwiv9TZtqg64sgzUn6Dk=",
        "icmp, 10.0.0.1, 10.0.0.2, 11, 0, 1:YHxtAirCG//0OzkcVAukqKQN9xM=",
        "tcp,  2001:470:e5bf:dead:4957:2174:e82c:4887, 2607:f8b0:400c:c03::1a, 63943, 25,"
            + " 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        "tcp,  2607:f8b0:400c:c03::1a, 2001:470:e5bf:dead:4957:2174:e82c:4887, 25, 63943,"
            + " 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        "icmp, 3ffe:507:0:1:200:86ff:fe05:80da, 3ffe:501:0:1001::2, 128, 0, 1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=",
        "icmp, 3ffe:501:0:1001::2, 3ffe:507:0:1:200:86ff:fe05:80da, 129, 0, 1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=",
        "icmp, 3ffe:501:1800:2345::2, 3ffe:507:0:1:200:86ff:fe05:80da, 3, 0, 1:2ObVBgIn28oZvibYZhZMBgh7WdQ=",
        "icmp, 3ffe:501:410:0:2c0:dfff:fe47:33e, 3ffe:507:0:1:200:86ff:fe05:80da, 1, 4,"
            + " 1:hLZd0XGWojozrvxqE0dWB1iM6R0=",
        "icmp, fe80::200:86ff:fe05:80da, ff02::2, 133, 0, 1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=",
        "icmp, fe80::260:97ff:fe07:69ea, ff02::1, 134, 0, 1:pkvHqCL88/tg1k4cPigmZXUtL00="})
    void matchesTheSpecsVectorsWithTheDefaultSeed(String proto, String src, String dst, int srcPort, int dstPort,
            String expected) {
        assertEquals(expected, id(0, proto, src, dst, srcPort, dstPort));
    }

    @ParameterizedTest
    @CsvSource({
        "tcp,  5.6.7.8, 1.2.3.4, 3344, 1122, 1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=",
        "udp,  1.2.3.4, 5.6.7.8, 1122, 3344, 1:OShq+iKDAMVouh/4bMxB9Sz4amw=",
        "sctp, 1.2.3.4, 5.6.7.8, 1122, 3344, 1:uitchpn5MMGAQKBJh7bIr/bAr7s=",
        "icmp, 5.6.7.8, 1.2.3.4, 0,    0,    1:9pr4ZGTICiuZoIh90RRYE2RyXpU=",
        "icmp, 1.2.3.4, 5.6.7.8, 11,   0,    1:1DD7cWGC/Yg91YGsQeni8du3pIA=",
        "icmp, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, 128, 0,"
            + " 1:IO27GQzPuCtNnwFvjWALMHu5tJE=",
        "icmp, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, 146, 0,"
            + " 1:Cv4IKJe56BNkF0MBW2YxQ3Nwc3s="})
    void matchesTheSpecsVectorsWithSeedOne(String proto, String src, String dst, int srcPort, int dstPort,
            String expected) {
        assertEquals(expected, id(1, proto, src, dst, srcPort, dstPort));
    }

    @Test
    void hasNoIdForEndsOfTwoAddressFamiliesOrAnUnknownTransport() {
        assertNull(new CommunityId(0).of(new byte[4], new byte[16], CommunityId.TCP, 1, 2));
        assertEquals(-1, CommunityId.protocolNumber("unknown_transport", false));
    }

    @Test
    void refusesASeedOutsideSixteenBits() {
        assertEquals("the Community ID seed must be 0 to 65535, was 65536",
                assertThrows(IllegalArgumentException.class, () -> new CommunityId(65536)).getMessage());
    }
}
