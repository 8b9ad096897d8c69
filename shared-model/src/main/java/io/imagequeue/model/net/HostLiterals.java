package io.imagequeue.model.net;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Reads a URL host that is an IP address in any spelling a resolver might accept, so that the
 * address check sees the address the spelling really means: IPv6 in brackets, and IPv4 the way
 * {@code inet_aton} reads it: one to four parts, each decimal, octal ({@code 0177}) or hex
 * ({@code 0x7f}), the last filling the remaining bytes ({@code 127.1}, {@code 2130706433},
 * {@code 0x7f000001}).
 */
public final class HostLiterals {

    private HostLiterals() {
    }

    /** The address a host literal denotes; empty for a host name that needs DNS. */
    public static Optional<InetAddress> parse(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return Optional.of(ipv6(host.substring(1, host.length() - 1)));
        }
        if (host.contains(":")) {
            return Optional.of(ipv6(host));
        }
        return ipv4(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
    }

    private static InetAddress ipv6(String literal) {
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            // Zone ids (fe80::1%eth0) and anything else odd: not something a public fetch needs.
            throw new IllegalArgumentException("unsupported IPv6 literal");
        }
        try {
            return InetAddress.getByName(literal); // a literal: no lookup happens
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("malformed IPv6 literal", e);
        }
    }

    private static Optional<InetAddress> ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long value = number(parts[i]);
            if (value == null) {
                return Optional.empty();
            }
            values[i] = value;
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                throw new IllegalArgumentException("IPv4 part out of range");
            }
            address = address << 8 | values[i];
        }
        int remainingBytes = 4 - (values.length - 1);
        long last = values[values.length - 1];
        if (last >= 1L << (8 * remainingBytes)) {
            throw new IllegalArgumentException("IPv4 part out of range");
        }
        address = address << (8 * remainingBytes) | last;
        return Optional.of(PublicAddresses.fromBytes(new byte[]{
                (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}));
    }

    /** A decimal, {@code 0}-prefixed octal or {@code 0x}-prefixed hex number; null if the part is not one. */
    private static Long number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return null;
        }
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return part.chars().allMatch(Character::isDigit) ? Long.parseLong(part) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
