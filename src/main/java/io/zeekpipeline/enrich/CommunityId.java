package io.zeekpipeline.enrich;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Computes the Community ID v1 of a flow (corelight/community-id-spec): SHA-1 over the seed, the ordered
 * endpoints, the protocol and the ports, base64, prefixed {@code 1:}. Thread-safe: one {@link Hashing} per thread.
 */
public final class CommunityId {

    static final int ICMP = 1;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMPV6 = 58;
    static final int SCTP = 132;

    /** The reply type of each ICMP request type and back (the spec's two-way messages); -1 = one-way. */
    private static final int[] ICMP_COUNTERPART = counterparts(8, 0, 13, 14, 15, 16, 10, 9, 17, 18);
    private static final int[] ICMPV6_COUNTERPART = counterparts(128, 129, 133, 134, 135, 136, 130, 131,
            139, 140, 144, 145);
    private static final ThreadLocal<Hashing> HASHING = ThreadLocal.withInitial(Hashing::new);
    private static final byte[] PREFIX = "1:".getBytes(StandardCharsets.US_ASCII);

    private final byte[] seed;

    /** @param seed the seed shared by every sensor whose IDs are to match, 0 to 65535 (the spec's default is 0) */
    public CommunityId(int seed) {
        if (seed < 0 || seed > 0xffff) {
            throw new IllegalArgumentException("the Community ID seed must be 0 to 65535, was " + seed);
        }
        this.seed = new byte[] {(byte) (seed >> 8), (byte) seed};
    }

    /**
     * The protocol number of Zeek's {@code proto} ({@code tcp}, {@code udp}, {@code icmp}, {@code sctp}); Zeek
     * writes {@code icmp} for ICMPv6 too, so the address family decides. -1 for any other text.
     */
    public static int protocolNumber(String proto, boolean ipv6) {
        if (proto == null) {
            return -1;
        }
        return switch (proto) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "icmp" -> ipv6 ? ICMPV6 : ICMP;
            case "sctp" -> SCTP;
            default -> -1;
        };
    }

    /**
     * The ID of a flow between two addresses of one family (4 or 16 bytes) of a protocol with ports (TCP, UDP,
     * SCTP) or ICMP/ICMPv6, where Zeek's ports are the message type (source) and code (destination); null
     * when the families differ or a port is out of range.
     */
    public String of(byte[] src, byte[] dst, int protocol, int srcPort, int dstPort) {
        if (src.length != dst.length || srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            return null;
        }
        int port1 = srcPort;
        int port2 = dstPort;
        boolean oneWay = false;
        if (protocol == ICMP || protocol == ICMPV6) {
            int[] counterpart = protocol == ICMP ? ICMP_COUNTERPART : ICMPV6_COUNTERPART;
            int reply = srcPort < counterpart.length ? counterpart[srcPort] : -1;
            // a request/reply pair is one flow whichever side sent; other messages are one-way: (type, code)
            oneWay = reply < 0;
            port2 = oneWay ? dstPort : reply;
        }
        boolean keep = oneWay || isLess(src, dst, port1, port2);
        Hashing hashing = HASHING.get();
        byte[] in = hashing.input;
        int n = put(in, 0, seed);
        n = put(in, n, keep ? src : dst);
        n = put(in, n, keep ? dst : src);
        in[n++] = (byte) protocol;
        in[n++] = 0;
        int first = keep ? port1 : port2;
        int second = keep ? port2 : port1;
        in[n++] = (byte) (first >> 8);
        in[n++] = (byte) first;
        in[n++] = (byte) (second >> 8);
        in[n++] = (byte) second;
        return hashing.id(in, n);
    }

    private static int put(byte[] target, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, target, at, bytes.length);
        return at + bytes.length;
    }

    /**
     * One thread's SHA-1 digest and buffers: the flow's bytes are hashed in one update, and the ID is written as
     * one string, where an update per part, the digest's array, its base64 array and string and the prefixed copy
     * were each a cost of every event. Not thread-safe.
     */
    private static final class Hashing {
        /** Seed, two IPv6 addresses, protocol, padding and two ports: the longest input. */
        final byte[] input = new byte[2 + 16 + 16 + 2 + 4];
        private final MessageDigest sha1 = sha1();
        private final byte[] digest = new byte[20];
        private final byte[] base64 = new byte[28];
        /** "1:" and the digest's 28 base64 characters. */
        private final byte[] text = new byte[2 + 28];

        Hashing() {
            System.arraycopy(PREFIX, 0, text, 0, PREFIX.length);
        }

        String id(byte[] bytes, int length) {
            sha1.update(bytes, 0, length);
            try {
                sha1.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-1 gave no 20-byte digest", e);
            }
            int encoded = Base64.getEncoder().encode(digest, base64);
            System.arraycopy(base64, 0, text, PREFIX.length, encoded);
            return new String(text, StandardCharsets.US_ASCII);
        }
    }

    /** Address 1 before address 2 (unsigned bytes), or the same address and port 1 below port 2. */
    private static boolean isLess(byte[] address1, byte[] address2, int port1, int port2) {
        int order = Arrays.compareUnsigned(address1, address2);
        return order < 0 || order == 0 && port1 < port2;
    }

    private static int[] counterparts(int... pairs) {
        int[] table = new int[256];
        Arrays.fill(table, -1);
        for (int i = 0; i < pairs.length; i += 2) {
            table[pairs[i]] = pairs[i + 1];
            table[pairs[i + 1]] = pairs[i];
        }
        return table;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
