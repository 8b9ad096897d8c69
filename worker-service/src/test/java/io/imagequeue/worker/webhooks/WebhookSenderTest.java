package io.imagequeue.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one delivery attempt gets from a receiver, and where it may not go. */
class WebhookSenderTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/ok", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("webhook-id") + " "
                    + new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/moved", exchange -> {
            requests.add("moved");
            exchange.getResponseHeaders().add("Location", url("/ok"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.createContext("/slow", exchange -> {
            requests.add("slow");
            try {
                Thread.sleep(3000);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException | IOException ignored) {
                // the sender gave up; nothing to answer
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        vertx.close();
    }

    @Test
    void aTwoHundredAnswerIsDeliveredWithTheHeadersAndBody() {
        WebhookSender.Sent sent = send(true, url("/ok"));

        assertThat(sent.delivered()).isTrue();
        assertThat(sent.statusCode()).isEqualTo(204);
        assertThat(requests).containsExactly("msg_1 {\"type\":\"task.succeeded\"}");
    }

    @Test
    void aLoopbackReceiverIsRefusedUnlessPrivateDestinationsAreAllowed() {
        WebhookSender.Sent sent = send(false, url("/ok"));

        assertThat(sent.delivered()).isFalse();
        assertThat(sent.statusCode()).isNull();
        assertThat(sent.error()).contains("non-public");
        assertThat(requests).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowedAndIsAFailedAttempt() {
        WebhookSender.Sent sent = send(true, url("/moved"));

        assertThat(sent.delivered()).isFalse();
        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(sent.error()).contains("redirect");
        assertThat(requests).containsExactly("moved");
    }

    @Test
    void noAnswerWithinTheTimeoutIsAFailedAttempt() {
        WebhookSender.Sent sent = send(true, url("/slow"));

        assertThat(sent.delivered()).isFalse();
        assertThat(sent.statusCode()).isNull();
        assertThat(sent.error()).contains("timeout");
    }

    @Test
    void aReceiverThatIsDownIsAConnectionError() {
        receiver.stop(0);

        WebhookSender.Sent sent = send(true, url("/ok"));

        assertThat(sent.delivered()).isFalse();
        assertThat(sent.error()).startsWith("connection error");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private WebhookSender.Sent send(boolean allowPrivate, String url) {
        WebhookSender sender = new WebhookSender(vertx, config(allowPrivate));
        try {
            return sender.send(url, "{\"type\":\"task.succeeded\"}", Map.of("webhook-id", "msg_1"))
                    .await().atMost(Duration.ofSeconds(10));
        } finally {
            sender.close();
        }
    }

    private static WebhookConfig config(boolean allowPrivate) {
        return new WebhookConfig() {
            @Override
            public Optional<String> signingKey() {
                return Optional.empty();
            }

            @Override
            public boolean allowPrivateDestinations() {
                return allowPrivate;
            }

            @Override
            public String retrySchedule() {
                return "PT1S";
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration lease() {
                return Duration.ofSeconds(10);
            }

            @Override
            public int batchSize() {
                return 1;
            }

            @Override
            public Duration linkTtl() {
                return Duration.ofHours(1);
            }
        };
    }
}
