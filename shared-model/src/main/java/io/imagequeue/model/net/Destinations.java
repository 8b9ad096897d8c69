package io.imagequeue.model.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where an outgoing request to a client-given URL ({@code image_url}, {@code webhook_url}) may
 * connect: the URL's host is resolved here, every address it resolves to must pass the policy, and
 * the caller connects to the checked {@link Destination#address()} (the host name still drives the
 * {@code Host} header, SNI and the certificate check), so a DNS answer that changes between check
 * and connect cannot turn the request inward. Blocking (name resolution).
 */
public final class Destinations {

    /** Where a request may connect; production allows public addresses on any port. */
    @FunctionalInterface
    public interface Policy {
        boolean allows(InetAddress address, int port);

        static Policy publicInternet() {
            return (address, port) -> PublicAddresses.isPublic(address);
        }

        static Policy anywhere() {
            return (address, port) -> true;
        }
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        static HostResolver system() {
            return InetAddress::getAllByName;
        }
    }

    /** A checked place to connect to. */
    public record Destination(URI uri, String host, int port, boolean tls, InetAddress address) {

        /** The path and query to request, never empty. */
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Why a URL may not be connected to; each caller words it for its own field. */
    public enum Refusal {
        CREDENTIALS, NO_HOST, INVALID_PORT, NON_PUBLIC, UNRESOLVABLE, MALFORMED_HOST
    }

    public static final class RefusedDestination extends Exception {
        private final Refusal refusal;

        RefusedDestination(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final HostResolver resolver;
    private final Policy policy;

    public Destinations(HostResolver resolver, Policy policy) {
        this.resolver = resolver;
        this.policy = policy;
    }

    /** @param uri an http or https URI (the caller checked the scheme) */
    public Destination check(URI uri) throws RefusedDestination {
        if (uri.getRawUserInfo() != null) {
            throw new RefusedDestination(Refusal.CREDENTIALS);
        }
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        HostAndPort authority = authority(uri, tls ? 443 : 80);
        InetAddress[] addresses = resolve(authority.host());
        for (InetAddress address : addresses) {
            // Every answer must pass: a name that also resolves inward is refused outright.
            if (!policy.allows(address, authority.port())) {
                throw new RefusedDestination(Refusal.NON_PUBLIC);
            }
        }
        String host = authority.host();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return new Destination(uri, bareHost, authority.port(), tls, addresses[0]);
    }

    private record HostAndPort(String host, int port) {
    }

    /**
     * The host and port, also where {@link URI} gives up on the host: it leaves spellings such as
     * {@code 127.1} or {@code 0x7f.0.0.1} unparsed, which other parsers would read as addresses, so
     * they are read here and judged like any other address.
     */
    private static HostAndPort authority(URI uri, int defaultPort) throws RefusedDestination {
        if (uri.getHost() != null && !uri.getHost().isBlank()) {
            return new HostAndPort(uri.getHost(), uri.getPort() == -1 ? defaultPort : uri.getPort());
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isBlank() || authority.contains("@") || authority.contains("%")) {
            throw new RefusedDestination(Refusal.NO_HOST);
        }
        int colon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
        if (colon < 0) {
            return new HostAndPort(authority, defaultPort);
        }
        String port = authority.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new RefusedDestination(Refusal.INVALID_PORT);
        }
        return new HostAndPort(authority.substring(0, colon), Integer.parseInt(port));
    }

    private InetAddress[] resolve(String host) throws RefusedDestination {
        try {
            var literal = HostLiterals.parse(host.toLowerCase(Locale.ROOT));
            if (literal.isPresent()) {
                return new InetAddress[]{literal.get()};
            }
            InetAddress[] found = resolver.resolve(host);
            if (found == null || found.length == 0) {
                throw new UnknownHostException(host);
            }
            return found;
        } catch (UnknownHostException e) {
            throw new RefusedDestination(Refusal.UNRESOLVABLE);
        } catch (IllegalArgumentException e) {
            throw new RefusedDestination(Refusal.MALFORMED_HOST);
        }
    }
}
