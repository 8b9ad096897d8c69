package io.imagequeue.worker.webhooks;

import io.imagequeue.model.net.Destinations;
import io.imagequeue.model.net.Destinations.Destination;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;

/**
 * Sends one signed delivery. The URL's host is resolved and checked (the rules of {@code image_url}
 * fetching: only public addresses, unless private destinations are allowed for development) and the
 * connection goes to that checked address, so DNS rebinding cannot turn a delivery inward.
 * Redirects are not followed: a 3xx is a failed attempt like any other non-2xx.
 */
@ApplicationScoped
public class WebhookSender {

    /** What one attempt got: the status code, or the error that kept it from getting one. */
    public record Sent(Integer statusCode, String error, long durationMillis) {
        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        public boolean gone() {
            return statusCode != null && statusCode == 410;
        }
    }

    private final HttpClient client;
    private final Destinations destinations;
    private final WebhookConfig config;

    public WebhookSender(Vertx vertx, WebhookConfig config) {
        this.config = config;
        this.destinations = new Destinations(Destinations.HostResolver.system(),
                config.allowPrivateDestinations() ? Destinations.Policy.anywhere() : Destinations.Policy.publicInternet());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setVerifyHost(true)
                .setForceSni(true)
                .setMaxRedirects(0));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Never fails: a refusal, timeout or connection error is an attempt with an error. */
    public Uni<Sent> send(String url, String body, Map<String, String> headers) {
        long started = System.nanoTime();
        return Uni.createFrom().item(() -> destination(url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(destination -> post(destination, body, headers))
                .map(status -> new Sent(status, status >= 300 && status < 400 ? "redirect (not followed)" : null, since(started)))
                .onFailure().recoverWithItem(failure -> new Sent(null, describe(failure), since(started)));
    }

    private Destination destination(String url) {
        try {
            return destinations.check(URI.create(url));
        } catch (Destinations.RefusedDestination e) {
            throw new RefusedUrl(switch (e.refusal()) {
                case NON_PUBLIC -> "refused: the URL resolves to a private, loopback, link-local or otherwise non-public address";
                case UNRESOLVABLE -> "the host cannot be resolved";
                default -> "refused: the URL has no usable host";
            });
        }
    }

    private Uni<Integer> post(Destination destination, String body, Map<String, String> headers) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(destination.host())
                .setPort(destination.port())
                .setSsl(destination.tls())
                .setURI(destination.pathAndQuery())
                .setServer(SocketAddress.inetSocketAddress(destination.port(), destination.address().getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(config.timeout().toMillis())
                .setIdleTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "imagequeue-webhooks");
        headers.forEach(options::putHeader);
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(request -> request.send(body))
                // The receiver's answer body is not needed: drained, not kept, to free the connection.
                .compose(response -> response.handler(ignored -> { }).end().map(ignored -> response.statusCode()))
                .toCompletionStage())
                .ifNoItem().after(config.timeout()).failWith(() -> new java.util.concurrent.TimeoutException());
    }

    private static long since(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private String describe(Throwable failure) {
        if (failure instanceof RefusedUrl refused) {
            return refused.getMessage();
        }
        String name = failure.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return "timeout: no answer within " + config.timeout().toSeconds() + " s";
        }
        String message = failure.getMessage();
        return "connection error: " + (message == null ? name : message);
    }

    private static final class RefusedUrl extends RuntimeException {
        RefusedUrl(String message) {
            super(message, null, false, false);
        }
    }
}
