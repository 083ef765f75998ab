package io.zeekpipeline.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.zeekpipeline.normalize.ZeekFixtures.tables;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Test
    void readsIpv6LiteralsAsTheJdkDoes() throws UnknownHostException {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] address = new byte[16];
            random.nextBytes(address);
            // runs of zero groups, so that :: appears in many places
            int zeros = random.nextInt(9);
            int from = random.nextInt(9 - zeros);
            Arrays.fill(address, from * 2, (from + zeros) * 2, (byte) 0);
            if (random.nextInt(10) == 0) {
                Arrays.fill(address, 0, 10, (byte) 0);
                address[10] = (byte) 0xff;
                address[11] = (byte) 0xff;
            }
            for (String text : textForms(address, random)) {
                assertArrayEquals(InetAddress.getByName("[" + text + "]").getAddress(),
                        NetworkClassifier.parseLiteral(text), text);
            }
        }
    }

    /** The address written fully, compressed at a random run of zero groups, and with an IPv4 tail; random case. */
    private static List<String> textForms(byte[] address, Random random) {
        String[] groups = new String[8];
        for (int g = 0; g < 8; g++) {
            String hex = Integer.toHexString(((address[g * 2] & 0xff) << 8) | (address[g * 2 + 1] & 0xff));
            groups[g] = random.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex;
        }
        List<String> forms = new ArrayList<>();
        forms.add(String.join(":", groups));
        int start = -1;
        for (int g = 0; g < 8 && start < 0; g++) {
            if (groups[g].equals("0") && random.nextBoolean()) {
                start = g;
            }
        }
        if (start >= 0) {
            int end = start;
            while (end < 8 && groups[end].equals("0")) {
                end++;
            }
            forms.add(String.join(":", Arrays.copyOfRange(groups, 0, start)) + "::"
                      + String.join(":", Arrays.copyOfRange(groups, end, 8)));
        }
        String tail = (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff) + "."
                + (address[15] & 0xff);
        forms.add(String.join(":", Arrays.copyOfRange(groups, 0, 6)) + ":" + tail);
        return forms;
    }

    @ParameterizedTest
    @ValueSource(strings = {":", ":::", "1:::2", "::1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
        "1:2:3:4:5:6:7:8::", "::1.2.3", "::1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4", "1::2:", ":1::2", "::ffff:1.2.3.4:5",
        "g::1", "::\u0661", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "fe80::1%1", "[::1]", "::ffff:10.0.0.1"})
    void decidesEdgeCasesAsTheJdkDoes(String text) {
        byte[] expected;
        try {
            expected = InetAddress.getByName(text.startsWith("[") ? text : "[" + text + "]").getAddress();
        } catch (UnknownHostException e) {
            expected = null;
        }
        assertArrayEquals(expected, NetworkClassifier.parseLiteral(text), text);
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
