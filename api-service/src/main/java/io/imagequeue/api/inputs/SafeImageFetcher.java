package io.imagequeue.api.inputs;

import io.imagequeue.model.net.Destinations;
import io.imagequeue.model.net.Destinations.Destination;
import io.imagequeue.model.net.PublicAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads an {@code image_url} without letting it reach anything but the public internet.
 *
 * <p>Every hop is checked after name resolution and the connection goes to the very address that
 * was checked (the host name still drives the {@code Host} header, SNI and certificate check), so a
 * DNS answer that changes between check and connect cannot redirect the fetch inward. Redirects are
 * followed here, at most {@code maxRedirects}, each re-checked. Bytes are bounded while reading
 * (a larger body is cut off, not buffered) and the whole fetch has one deadline.
 *
 * <p>Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class SafeImageFetcher {

    /** Where a fetch may connect; production allows public addresses on any port. */
    @FunctionalInterface
    public interface DestinationPolicy extends Destinations.Policy {
        static DestinationPolicy publicInternet() {
            return (address, port) -> PublicAddresses.isPublic(address);
        }
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface HostResolver extends Destinations.HostResolver {
        static HostResolver system() {
            return InetAddress::getAllByName;
        }
    }

    /** The bounds of a fetch. */
    public record Settings(int maxRedirects, Duration connectTimeout, Duration totalTimeout, long maxBytes) {
    }

    private final HttpClient client;
    private final Settings settings;
    private final Destinations destinations;

    @Inject
    public SafeImageFetcher(Vertx vertx, InputLimits limits) {
        this(vertx, new Settings(limits.fetch().maxRedirects(), limits.fetch().connectTimeout(),
                        limits.fetch().totalTimeout(), limits.maxImageBytes().asLongValue()),
                HostResolver.system(), DestinationPolicy.publicInternet());
    }

    public SafeImageFetcher(Vertx vertx, Settings settings, HostResolver resolver, DestinationPolicy policy) {
        this.settings = settings;
        this.destinations = new Destinations(resolver, policy);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setForceSni(true)
                .setMaxRedirects(0));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * @param url an {@code http} or {@code https} URL
     * @param param the request field the URL came in, for errors
     * @return the body, at most {@code maxBytes} long
     */
    public byte[] fetch(String url, String param) {
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        URI current = parse(url, param);
        for (int redirects = 0; ; redirects++) {
            Destination destination = destination(current, param);
            Fetched fetched = get(destination, deadline, param);
            if (fetched.location() == null) {
                return fetched.body();
            }
            if (redirects == settings.maxRedirects()) {
                throw InputImageException.refusedUrl(param, "The image URL in '" + param + "' redirected more than "
                        + settings.maxRedirects() + " times.");
            }
            try {
                current = current.resolve(new URI(fetched.location().trim()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw InputImageException.refusedUrl(param, "The image URL in '" + param
                        + "' redirected to a malformed location.");
            }
        }
    }

    private record Fetched(byte[] body, String location) {
    }

    private static URI parse(String url, String param) {
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw InputImageException.refusedUrl(param, "The image URL in '" + param + "' is malformed.");
        }
    }

    private Destination destination(URI uri, String param) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw InputImageException.refusedUrl(param, "The image URL in '" + param
                    + "' must be an https URL (or a data:image/... base64 URL).");
        }
        try {
            return destinations.check(uri);
        } catch (Destinations.RefusedDestination e) {
            String why = switch (e.refusal()) {
                case CREDENTIALS -> "The image URL in '" + param + "' must not carry credentials.";
                case NON_PUBLIC -> "The image URL in '" + param
                        + "' points at a private, loopback, link-local or otherwise non-public address.";
                case NO_HOST -> "The image URL in '" + param + "' has no usable host.";
                case INVALID_PORT -> "The image URL in '" + param + "' has an invalid port.";
                case UNRESOLVABLE -> "The host of the image URL in '" + param + "' cannot be resolved.";
                case MALFORMED_HOST -> "The host of the image URL in '" + param + "' is malformed.";
            };
            throw InputImageException.refusedUrl(param, why);
        }
    }

    private Fetched get(Destination destination, long deadline, String param) {
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis <= 0) {
            throw timedOut(param);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(destination.host())
                .setPort(destination.port())
                .setSsl(destination.tls())
                .setURI(destination.pathAndQuery())
                .setServer(SocketAddress.inetSocketAddress(destination.port(), destination.address().getHostAddress()))
                .setConnectTimeout(Math.min(remainingMillis, settings.connectTimeout().toMillis()))
                .setIdleTimeout(remainingMillis)
                .setFollowRedirects(false)
                .putHeader("Accept", "image/png, image/jpeg, image/webp")
                .putHeader("User-Agent", "imagequeue-image-fetcher");
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        Future<Fetched> exchange = client.request(options).compose(req -> {
            request.set(req);
            return req.send().compose(response -> {
                int status = response.statusCode();
                // Hanging up on purpose below; the reset this causes is expected, not worth a log line.
                response.exceptionHandler(ignored -> { });
                if (status >= 300 && status < 400 && response.getHeader("Location") != null) {
                    req.reset();
                    return Future.succeededFuture(new Fetched(null, response.getHeader("Location")));
                }
                if (status < 200 || status >= 300) {
                    req.reset();
                    return Future.failedFuture(InputImageException.refusedUrl(param, "The image URL in '" + param
                            + "' answered HTTP " + status + "."));
                }
                String declared = response.getHeader("Content-Length");
                if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > settings.maxBytes()) {
                    req.reset();
                    return Future.failedFuture(tooLarge(param));
                }
                return boundedBody(req, response, param);
            });
        });
        try {
            return exchange.toCompletionStage().toCompletableFuture().get(remainingMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest started = request.get();
            if (started != null) {
                started.reset();
            }
            throw timedOut(param);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw timedOut(param);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof io.imagequeue.api.errors.ApiException refused) {
                throw refused;
            }
            if (e.getCause() instanceof TimeoutException) {
                // The request's own idle timeout (the same deadline) can fire before the wait above.
                throw timedOut(param);
            }
            throw InputImageException.refusedUrl(param, "The image URL in '" + param + "' could not be fetched.");
        }
    }

    private Future<Fetched> boundedBody(HttpClientRequest request, io.vertx.core.http.HttpClientResponse response,
                                        String param) {
        Promise<Fetched> done = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > settings.maxBytes()) {
                done.tryFail(tooLarge(param));
                request.reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(ignored -> done.tryComplete(new Fetched(body.getBytes(), null)));
        return done.future();
    }

    private io.imagequeue.api.errors.ApiException tooLarge(String param) {
        return InputImageException.tooLarge(param, "The image at the URL in '" + param + "' is larger than "
                + settings.maxBytes() + " bytes.");
    }

    private io.imagequeue.api.errors.ApiException timedOut(String param) {
        return InputImageException.refusedUrl(param, "Fetching the image URL in '" + param + "' took longer than "
                + settings.totalTimeout().toSeconds() + " s.");
    }
}
