package io.zeekpipeline.enrich;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Against the local networks of config/enrichment.json. */
class NetworkClassifierTest {

    private final NetworkClassifier classifier = new NetworkClassifier(tables().localNetworks());

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "100.64.0.1", "127.0.0.1",
        "169.254.1.1", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "::ffff:10.0.0.1"})
    void classifiesAddressesInTheLocalNetworksAsLocal(String address) {
        assertEquals(Boolean.TRUE, classifier.isLocal(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.15.255.255", "172.32.0.1", "100.128.0.1", "11.0.0.1",
        "2001:db8::1", "fec0::1", "fe00::1", "::ffff:8.8.8.8"})
    void classifiesOtherAddressesAsRemote(String address) {
        assertEquals(Boolean.FALSE, classifier.isLocal(address));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"localhost", "example.com", "10.0.0", "10.0.0.256", "1.2.3.4.5", "1..2.3",
        "10.0.0.1:80", "::g", "fe80::1::2", "-1.2.3.4"})
    void returnsNullForTextThatIsNoAddressLiteral(String text) {
        assertNull(classifier.isLocal(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "fc00::/129", "example.com/8", "10.0.0/8"})
    void rejectsAnInvalidNetwork(String cidr) {
        assertThrows(IllegalArgumentException.class, () -> new NetworkClassifier(List.of(cidr)));
    }

    @Test
    void treatsANetworkWithoutPrefixAsASingleHost() {
        NetworkClassifier single = new NetworkClassifier(List.of("192.0.2.7"));

        assertEquals(Boolean.TRUE, single.isLocal("192.0.2.7"));
        assertEquals(Boolean.FALSE, single.isLocal("192.0.2.8"));
    }
}
