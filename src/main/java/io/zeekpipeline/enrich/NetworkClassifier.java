package io.zeekpipeline.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
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
        return isLocal(parseLiteral(address));
    }

    /** TRUE/FALSE for an address's bytes ({@link #parseLiteral}), null for null. */
    Boolean isLocal(byte[] bytes) {
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
        byte[] v6 = parseIpv6(text);
        if (v6 != null) {
            return isIpv4Mapped(v6) ? Arrays.copyOfRange(v6, 12, 16) : v6;
        }
        try {
            // forms the fast path leaves out (zone ids, brackets) or invalid text; a text with a
            // colon is only ever parsed as an IPv6 literal, never looked up
            return InetAddress.getByName(text.startsWith("[") ? text : "[" + text + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The 16 bytes of a plain IPv6 literal (hex groups, at most one {@code ::}, optionally a dotted
     * IPv4 tail), or null for any other text. Most Zeek addresses of a dual-stack network are IPv6,
     * and the JDK's parser cost more than the rest of the enrichment.
     */
    private static byte[] parseIpv6(String text) {
        int n = text.length();
        if (n < 2 || n > 45) {
            return null;
        }
        byte[] out = new byte[16];
        int groups = 0;
        int gap = -1;
        int i = 0;
        if (text.charAt(0) == ':') {
            if (text.charAt(1) != ':') {
                return null;
            }
            gap = 0;
            i = 2;
        }
        while (i < n) {
            int start = i;
            int value = 0;
            int digit;
            while (i < n && (digit = hexDigit(text.charAt(i))) >= 0 && i - start < 5) {
                value = value * 16 + digit;
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                byte[] v4 = groups <= 6 ? parseIpv4(text.substring(start)) : null;
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, groups * 2, 4);
                groups += 2;
                break;
            }
            if (i == start || i - start > 4 || groups == 8) {
                return null;
            }
            out[groups * 2] = (byte) (value >> 8);
            out[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == n) {
                break;
            }
            if (text.charAt(i++) != ':' || i == n) {
                return null;
            }
            if (text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = groups;
                i++;
            }
        }
        if (gap < 0) {
            return groups == 8 ? out : null;
        }
        if (groups == 8) {
            return null;
        }
        // the groups after the gap move to the end; the gap is zeros
        int tail = (groups - gap) * 2;
        System.arraycopy(out, gap * 2, out, 16 - tail, tail);
        Arrays.fill(out, gap * 2, 16 - tail, (byte) 0);
        return out;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** ::ffff:a.b.c.d, which the JDK (and so this class) treats as the IPv4 address. */
    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
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
            String length = slash < 0 ? String.valueOf(address.length * 8) : text.substring(slash + 1);
            int prefix = length.matches("\\d{1,3}") ? Integer.parseInt(length) : -1;
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
