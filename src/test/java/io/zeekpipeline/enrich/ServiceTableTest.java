package io.zeekpipeline.enrich;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceTableTest {

    private final ServiceTable table = ServiceTable.of(Map.of("53/udp", "dns", "80", "http"), Map.of("ntp", "ntp"));

    @Test
    void prefersTheTransportsEntryAndFallsBackToTheEntryForAnyTransport() {
        assertEquals("dns", table.serviceOf("notice", "udp", 53));
        assertEquals("unknown", table.serviceOf("notice", "tcp", 53));
        assertEquals("http", table.serviceOf("notice", "udp", 80));
    }

    @Test
    void takesTheLogTypesServiceFirst() {
        assertEquals("ntp", table.serviceOf("ntp", "udp", 53));
    }

    @Test
    void namesTheTransportForIcmpWhosePortsAreTypeAndCode() {
        assertEquals("icmp", table.serviceOf("notice", "icmp", 80));
    }

    @Test
    void refusesAKeyThatIsNoPortAndTransport() {
        assertEquals("port_services key '53/dccp' is not a port number, optionally with /tcp, /udp or /sctp",
                assertThrows(IllegalArgumentException.class,
                        () -> ServiceTable.of(Map.of("53/dccp", "dns"), Map.of())).getMessage());
    }
}
