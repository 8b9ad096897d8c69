package io.imagequeue.api.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.model.error.ErrorType;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SafeImageFetcher} against a small HTTP server on 127.0.0.1. The fetcher under test may
 * reach exactly that server (host and port) and nothing else, as if it were the one public host:
 * every redirect it serves elsewhere must be refused before anything connects.
 */
class SafeImageFetcherTest {

    private static final byte[] IMAGE = TestImages.png(8, 8);
    private static Vertx vertx;
    private static HttpServer server;
    private static int port;
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws IOException {
        vertx = Vertx.vertx();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String query = exchange.getRequestURI().getRawQuery();
            switch (path) {
                case "/image.png" -> respond(exchange, 200, IMAGE);
                case "/redirect" -> {
                    exchange.getResponseHeaders().add("Location", java.net.URLDecoder.decode(query.substring(3),
                            java.nio.charset.StandardCharsets.UTF_8));
                    respond(exchange, 302, new byte[0]);
                }
                case "/hop" -> {
                    int left = Integer.parseInt(query.substring(2));
                    exchange.getResponseHeaders().add("Location", left == 0 ? "/image.png" : "/hop?n=" + (left - 1));
                    respond(exchange, 301, new byte[0]);
                }
                case "/big" -> respond(exchange, 200, new byte[300_000]);
                case "/big-chunked" -> {
                    exchange.sendResponseHeaders(200, 0); // chunked, no length up front
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 100; i++) {
                            out.write(new byte[10_000]);
                        }
                    } catch (IOException ignored) {
                        // the fetcher hung up once it had enough
                    }
                }
                case "/slow" -> {
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    respond(exchange, 200, IMAGE);
                }
                default -> respond(exchange, 404, new byte[0]);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        vertx.close();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** Only the test server counts as reachable; names resolve through a fixed table. */
    private static SafeImageFetcher fetcher(Map<String, String> dns) {
        SafeImageFetcher.HostResolver resolver = host -> {
            String[] answers = dns.getOrDefault(host, "").split(",");
            if (answers[0].isEmpty()) {
                throw new UnknownHostException(host);
            }
            InetAddress[] addresses = new InetAddress[answers.length];
            for (int i = 0; i < answers.length; i++) {
                addresses[i] = InetAddress.getByName(answers[i]);
            }
            return addresses;
        };
        SafeImageFetcher.DestinationPolicy onlyTheTestServer = (address, p) ->
                p == port && address.getHostAddress().equals("127.0.0.1")
                        || SafeImageFetcher.DestinationPolicy.publicInternet().allows(address, p);
        return new SafeImageFetcher(vertx, new SafeImageFetcher.Settings(3, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 100_000), resolver, onlyTheTestServer);
    }

    private static String base() {
        return "http://127.0.0.1:" + port;
    }

    private static ApiException refusal(String url) {
        return catchThrowableOfType(ApiException.class, () -> fetcher(Map.of(
                "localhost", "127.0.0.1", "inward.test", "10.0.0.5", "mixed.test", "8.8.8.8,192.168.0.4"))
                .fetch(url, "images[0].image_url"));
    }

    @Test
    void fetchesAnImageFromAnAllowedHost() {
        assertThat(fetcher(Map.of()).fetch(base() + "/image.png", "image")).isEqualTo(IMAGE);
    }

    @Test
    void followsUpToThreeRedirectsIncludingRelativeOnes() {
        assertThat(fetcher(Map.of()).fetch(base() + "/hop?n=2", "image")).isEqualTo(IMAGE);
    }

    @Test
    void aFourthRedirectIsRefused() {
        ApiException refused = refusal(base() + "/hop?n=3");

        assertThat(refused.code()).isEqualTo("invalid_image_url");
        assertThat(refused.getMessage()).contains("redirected more than 3 times");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1:9/image.png",
        "http://localhost:9/image.png",
        "http://[::1]:9/image.png",
        "http://[::ffff:127.0.0.1]:9/image.png",
        "http://2130706433:9/image.png",
        "http://0x7f.0.0.1:9/image.png",
        "http://0177.0.0.1:9/image.png",
        "http://127.1:9/image.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://10.0.0.1/",
        "http://inward.test/image.png",
        "http://mixed.test/image.png"})
    void aRedirectToANonPublicPlaceIsRefusedBeforeConnecting(String target) {
        String location = target;
        int before = hits.getOrDefault("/image.png", new AtomicInteger()).get();

        ApiException refused = refusal(base() + "/redirect?to=" + java.net.URLEncoder.encode(location,
                java.nio.charset.StandardCharsets.UTF_8));

        assertThat(refused).as("refusal of %s", location).isNotNull();
        assertThat(refused.code()).isEqualTo("invalid_image_url");
        assertThat(refused.getMessage()).contains("non-public");
        assertThat(hits.getOrDefault("/image.png", new AtomicInteger()).get()).isEqualTo(before);
    }

    @Test
    void aNameThatResolvesInwardIsRefusedOnTheFirstHop() {
        assertThat(refusal("http://inward.test/image.png").getMessage()).contains("non-public");
    }

    @Test
    void aNameWithOnePrivateAnswerAmongPublicOnesIsRefused() {
        assertThat(refusal("https://mixed.test/image.png").code()).isEqualTo("invalid_image_url");
    }

    @Test
    void anUnresolvableNameIsRefused() {
        assertThat(refusal("https://nowhere.test/image.png").getMessage()).contains("cannot be resolved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://images.test/a.png", "file:///etc/passwd", "gopher://images.test/", "//images.test/a.png",
            "https://user:secret@images.test/a.png", "not a url"})
    void otherSchemesCredentialsAndGarbageAreRefused(String url) {
        assertThat(refusal(url).code()).isEqualTo("invalid_image_url");
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedAs413() {
        ApiException refused = refusal(base() + "/big");

        assertThat(refused.type()).isEqualTo(ErrorType.PAYLOAD_TOO_LARGE);
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() {
        assertThat(refusal(base() + "/big-chunked").type()).isEqualTo(ErrorType.PAYLOAD_TOO_LARGE);
    }

    @Test
    void aSlowServerRunsIntoTheDeadline() {
        ApiException refused = refusal(base() + "/slow");

        assertThat(refused.getMessage()).contains("took longer than 2 s");
    }

    @Test
    void anErrorStatusIsRefused() {
        assertThat(refusal(base() + "/missing.png").getMessage()).contains("HTTP 404");
    }
}
