package io.zeekpipeline.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether an address literal lies in one of the configured local networks (IPv4 and IPv6
 * CIDRs). Never resolves host names. Immutable and thread-safe.
 */
public final class NetworkClassifier {

    private final List<Cidr> networks;

    public NetworkClassifier(List<String> cidrs) {
        List<Cidr> parsed = new ArrayList<>();
        for (String cidr : cidrs) {
            parsed.add(Cidr.parse(cidr));
        }
        this.networks = List.copyOf(parsed);
    }

    /** TRUE/FALSE for an address literal, null when the text is not an IP address. */
    public Boolean isLocal(String address) {
        byte[] bytes = parseLiteral(address);
        if (bytes == null) {
            return null;
        }
        for (Cidr network : networks) {
            if (network.contains(bytes)) {
                return Boolean.TRUE;
            }
        }
        return Boolean.FALSE;
    }

    /** Bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 becomes IPv4), or null when it is none. */
    static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        try {
            // a text with a colon is only ever parsed as an IPv6 literal, never looked up
            return InetAddress.getByName(text.startsWith("[") ? text : "[" + text + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = parseLiteral(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR network");
            }
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
            }
            return new Cidr(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
