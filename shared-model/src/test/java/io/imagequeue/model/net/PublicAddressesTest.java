package io.imagequeue.model.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which hosts {@link PublicAddresses} and {@link HostLiterals} let a fetch reach. */
class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
            "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::5", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
            "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::", "2001:0:4136:e378::1", "2001:db8::1"})
    void nonPublicAddressesAreRefused(String address) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "151.101.1.140", "172.32.0.1", "100.128.0.1",
            "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "2130706433, 127.0.0.1",
        "0x7f000001, 127.0.0.1",
        "0x7f.0.0.1, 127.0.0.1",
        "0177.0.0.1, 127.0.0.1",
        "0177.1, 127.0.0.1",
        "127.1, 127.0.0.1",
        "10.1, 10.0.0.1",
        "0xa9.0xfe.0xa9.0xfe, 169.254.169.254",
        "127.0.0.1., 127.0.0.1",
        "[::ffff:7f00:1], 127.0.0.1",
        "[::1], 0:0:0:0:0:0:0:1"})
    void everyIpSpellingIsReadAsTheAddressItMeans(String host, String meant) throws Exception {
        InetAddress parsed = HostLiterals.parse(host).orElseThrow();

        assertThat(parsed).isEqualTo(InetAddress.getByName(meant));
        assertThat(PublicAddresses.isPublic(parsed)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "images.example.org", "cdn1"})
    void hostNamesAreLeftToDns(String host) {
        assertThat(HostLiterals.parse(host)).isEmpty();
    }
}
