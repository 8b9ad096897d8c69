package io.imagequeue.api.observability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracing is off unless an operator turns it on ({@code QUARKUS_OTEL_SDK_DISABLED=false}): even with
 * a collector address configured, no exporter runs and the collector hears nothing from the API.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@TestProfile(TracingOffByDefaultTest.CollectorAddressOnly.class)
class TracingOffByDefaultTest {

    private static final String EXPORTS_KEY = "imagequeue.test.otlp-exports";

    /** The shipped configuration plus only a collector's address and a short export delay. */
    public static class CollectorAddressOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            HttpServer collector = startCollector();
            return Map.of(
                    "quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort(),
                    "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                    "quarkus.otel.bsp.schedule.delay", "100ms");
        }
    }

    @Test
    void aSubmissionExportsNothingEvenWithACollectorAddressConfigured() {
        given().header("Authorization", "Bearer iq_test_0123456789abcdefghij").contentType(ContentType.JSON)
                .body("{\"prompt\": \"untraced\", \"async\": true}")
                .when().post("/v2/image/flux/generate")
                .then().statusCode(202);

        // Ten export delays: a running exporter would have sent the request's spans by then.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> exports() == 0);
    }

    /**
     * Requests the collector received, kept in a system property rather than a static field: Quarkus
     * may load the profile (which starts the collector) and the test in different class loaders. A
     * string, since other libraries read every system property as one.
     */
    private static int exports() {
        return Integer.parseInt(System.getProperty(EXPORTS_KEY, "0"));
    }

    private static synchronized void countExport() {
        System.setProperty(EXPORTS_KEY, Integer.toString(exports() + 1));
    }

    /** Accepts anything, as a collector would, and counts it. */
    private static HttpServer startCollector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                countExport();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
