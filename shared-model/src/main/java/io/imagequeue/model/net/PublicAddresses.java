package io.imagequeue.model.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Decides whether an address is on the public internet, which is the only place an
 * {@code image_url} fetch may go. Refused: loopback, private (RFC 1918), carrier-grade NAT (where
 * some clouds put their metadata service), link-local (169.254.169.254, the usual metadata address),
 * unspecified, multicast, broadcast, documentation and benchmarking ranges, and the IPv6 unique-local,
 * link-local and site-local ranges. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
 * 6to4) are judged by the IPv4 address inside; Teredo is refused since its inner address is obfuscated.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return isPublicV4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return isPublicV6(v6.getAddress());
        }
        return false;
    }

    private static boolean isPublicV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        return !(b0 == 0                                    // "this network", incl. 0.0.0.0
                || b0 == 10                                  // private
                || b0 == 127                                 // loopback
                || b0 == 100 && b1 >= 64 && b1 <= 127        // carrier-grade NAT (Alibaba metadata 100.100.100.200)
                || b0 == 169 && b1 == 254                    // link-local, cloud metadata
                || b0 == 172 && b1 >= 16 && b1 <= 31         // private
                || b0 == 192 && b1 == 0 && b2 == 0           // IETF protocol assignments
                || b0 == 192 && b1 == 0 && b2 == 2           // documentation
                || b0 == 192 && b1 == 88 && b2 == 99         // 6to4 relay anycast
                || b0 == 192 && b1 == 168                    // private
                || b0 == 198 && (b1 == 18 || b1 == 19)       // benchmarking
                || b0 == 198 && b1 == 51 && b2 == 100        // documentation
                || b0 == 203 && b1 == 0 && b2 == 113         // documentation
                || b0 >= 224);                               // multicast, reserved, broadcast
    }

    private static boolean isPublicV6(byte[] a) {
        if (allZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return isPublicV4(slice(a, 12));                 // IPv4-mapped ::ffff:a.b.c.d
        }
        if (allZero(a, 0, 12)) {
            return !allZero(a, 12, 4) && isPublicV4(slice(a, 12)); // :: and ::1 refused; ::a.b.c.d judged inside
        }
        int first = (a[0] & 0xff) << 8 | (a[1] & 0xff);
        int second = (a[2] & 0xff) << 8 | (a[3] & 0xff);
        if (first == 0x0064 && second == 0xff9b && allZero(a, 4, 8)) {
            return isPublicV4(slice(a, 12));                 // NAT64 64:ff9b::/96
        }
        if (first == 0x2002) {
            return isPublicV4(slice(a, 2));                  // 6to4 carries the IPv4 address in bits 16..48
        }
        return !((a[0] & 0xfe) == 0xfc                        // unique local fc00::/7 (AWS metadata fd00:ec2::254)
                || first >= 0xfe80 && first <= 0xfeff        // link-local fe80::/10 and site-local fec0::/10
                || (a[0] & 0xff) == 0xff                      // multicast
                || first == 0x2001 && second == 0x0000       // Teredo
                || first == 0x2001 && second == 0x0db8       // documentation
                || first == 0x0100 && allZero(a, 2, 6));      // discard-only 100::/64
    }

    private static boolean allZero(byte[] a, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] a, int from) {
        return new byte[]{a[from], a[from + 1], a[from + 2], a[from + 3]};
    }

    /** Builds an address from raw bytes without any lookup. */
    static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address length: " + bytes.length, e);
        }
    }
}
