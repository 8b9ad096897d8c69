package io.imagequeue.simulator.bfl;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import io.imagequeue.simulator.core.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static io.imagequeue.simulator.SimHttp.get;
import static io.imagequeue.simulator.SimHttp.image;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BflProtocolTest {

    private static final Map<String, String> KEY = Map.of("x-key", "test-key");
    private static ProviderSimulator sim;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void freshState() {
        sim.reset();
    }

    private static JsonNode submit(String endpoint, Object body) {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + "/v1/" + endpoint, KEY, body);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        return json(response);
    }

    private static JsonNode poll(JsonNode submitted) {
        HttpResponse<byte[]> response = get(submitted.get("polling_url").asText(), KEY);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        return json(response);
    }

    /** Polls every 20 ms until the status is no longer Pending, as a worker would. */
    private static JsonNode awaitFinished(JsonNode submitted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode result = poll(submitted);
            if (!result.get("status").asText().equals("Pending")) {
                return result;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("task still pending after 5 s");
    }

    private static byte[] download(JsonNode ready) {
        HttpResponse<byte[]> response = get(ready.at("/result/sample").asText());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void submitAnswersIdAndPollingUrlOnTheAlternateHost() {
        JsonNode submitted = submit("flux-pro-1.1", Map.of("prompt", "a red fox"));

        String id = submitted.get("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(submitted.get("polling_url").asText())
                .isEqualTo("http://localhost:" + sim.port() + "/v1/get_result?id=" + id)
                .doesNotStartWith(sim.baseUrl());
    }

    @Test
    void readyTaskServesAPngOfTheRequestedSize() throws Exception {
        JsonNode ready = awaitFinished(submit("flux-pro-1.1",
                Map.of("prompt", "a red fox", "width", 512, "height", 384, "output_format", "png")));

        assertThat(ready.get("status").asText()).isEqualTo("Ready");
        assertThat(ready.at("/result/sample").asText()).contains("/delivery/").contains(".png?se=").contains("&sig=");
        HttpResponse<byte[]> sample = get(ready.at("/result/sample").asText());
        assertThat(sample.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage picture = image(sample.body());
        assertThat(picture.getWidth()).isEqualTo(512);
        assertThat(picture.getHeight()).isEqualTo(384);
    }

    @Test
    void jpegOf1024x768IsTheDefaultForFluxPro() throws Exception {
        JsonNode ready = awaitFinished(submit("flux-pro-1.1", Map.of("prompt", "a lighthouse")));

        HttpResponse<byte[]> sample = get(ready.at("/result/sample").asText());
        assertThat(sample.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage picture = image(sample.body());
        assertThat(picture.getWidth()).isEqualTo(1024);
        assertThat(picture.getHeight()).isEqualTo(768);
    }

    @Test
    void readyResultEchoesPromptSeedAndTimes() throws Exception {
        JsonNode ready = awaitFinished(submit("flux-dev", Map.of("prompt", "a cat", "seed", 42)));

        JsonNode result = ready.get("result");
        assertThat(result.get("prompt").asText()).isEqualTo("a cat");
        assertThat(result.get("seed").asLong()).isEqualTo(42);
        assertThat(result.get("end_time").asDouble()).isGreaterThanOrEqualTo(result.get("start_time").asDouble());
        assertThat(result.has("duration")).isTrue();
    }

    @Test
    void samePromptAndSeedGiveTheSameBytesAndAnotherPromptDiffers() throws Exception {
        Map<String, Object> body = Map.of("prompt", "a blue whale", "seed", 7, "width", 256, "height", 256,
                "output_format", "png");
        byte[] first = download(awaitFinished(submit("flux-pro-1.1", body)));
        byte[] second = download(awaitFinished(submit("flux-pro-1.1", body)));
        byte[] other = download(awaitFinished(submit("flux-pro-1.1", Map.of("prompt", "a green whale", "seed", 7,
                "width", 256, "height", 256, "output_format", "png"))));

        assertThat(second).isEqualTo(first);
        assertThat(Arrays.equals(first, other)).isFalse();
    }

    @Test
    void taskStaysPendingWithProgressUntilItsLatencyHasPassed() throws Exception {
        JsonNode submitted = submit("flux-pro-1.1", Map.of("prompt", "slow [sim:latency=400]"));

        JsonNode pending = poll(submitted);
        assertThat(pending.get("status").asText()).isEqualTo("Pending");
        assertThat(pending.get("result").isNull()).isTrue();
        assertThat(pending.get("progress").asDouble()).isBetween(0.0, 0.99);
        assertThat(awaitFinished(submitted).get("status").asText()).isEqualTo("Ready");
    }

    @Test
    void progressOfAPendingTaskOnlyRisesAndIsNullOnceReady() throws Exception {
        JsonNode submitted = submit("flux-pro-1.1", Map.of("prompt", "slow [sim:latency=1000]"));

        JsonNode first = poll(submitted);
        JsonNode later = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(20)).until(() -> poll(submitted),
                        answer -> !"Pending".equals(answer.get("status").asText())
                                || answer.get("progress").asDouble() > first.get("progress").asDouble());
        JsonNode ready = awaitFinished(submitted);

        assertThat(first.get("progress").isNumber()).isTrue();
        assertThat(first.get("progress").asDouble()).isBetween(0.0, 1.0);
        assertThat(later.get("status").asText()).isEqualTo("Pending");
        assertThat(later.get("progress").asDouble()).isGreaterThan(first.get("progress").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(ready.get("status").asText()).isEqualTo("Ready");
        assertThat(ready.get("progress").isNull()).isTrue();
    }

    @Test
    void inputModerationEndsInRequestModeratedWithReasons() throws Exception {
        JsonNode result = awaitFinished(submit("flux-pro-1.1", Map.of("prompt", "bad [sim:moderate-input]")));

        assertThat(result.get("status").asText()).isEqualTo("Request Moderated");
        assertThat(result.get("result").isNull()).isTrue();
        assertThat(result.at("/details/Moderation Reasons/0").asText()).isNotBlank();
    }

    @Test
    void outputModerationEndsInContentModeratedWithTheGivenReason() throws Exception {
        JsonNode result = awaitFinished(submit("flux-pro-1.1",
                Map.of("prompt", "risky [sim:moderate-output=Violence]")));

        assertThat(result.get("status").asText()).isEqualTo("Content Moderated");
        assertThat(result.at("/details/Moderation Reasons/0").asText()).isEqualTo("Violence");
    }

    @Test
    void errorMarkerEndsTheTaskInError() throws Exception {
        JsonNode result = awaitFinished(submit("flux-pro-1.1", Map.of("prompt", "x [sim:error]")));

        assertThat(result.get("status").asText()).isEqualTo("Error");
    }

    @Test
    void faultHeaderWorksLikeAPromptMarker() throws Exception {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + "/v1/flux-pro-1.1",
                Map.of("x-key", "k", "x-sim-fault", "moderate-output"), Map.of("prompt", "clean prompt"));

        assertThat(awaitFinished(json(response)).get("status").asText()).isEqualTo("Content Moderated");
    }

    @Test
    void unknownTaskIdIs404TaskNotFound() {
        HttpResponse<byte[]> response = get(sim.baseUrl() + "/v1/get_result?id=no-such-task", KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("status").asText()).isEqualTo("Task not found");
    }

    @Test
    void configuredTransientNotFoundAnswers404OnTheFirstPollOnly() throws Exception {
        sim.settings().setBflNotFoundPolls(1);
        JsonNode submitted = submit("flux-pro-1.1", Map.of("prompt", "regional lag"));

        assertThat(get(submitted.get("polling_url").asText(), KEY).statusCode()).isEqualTo(404);
        assertThat(awaitFinished(submitted).get("status").asText()).isEqualTo("Ready");
    }

    @Test
    void moreActiveTasksThanTheLimitAre429UntilOneFinishes() {
        sim.settings().setProvider("bfl", Behaviour.UNSET.withMaxConcurrent(2));
        submit("flux-pro-1.1", Map.of("prompt", "one [sim:stuck]"));
        submit("flux-dev", Map.of("prompt", "two [sim:latency=300]"));

        HttpResponse<byte[]> third = postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, Map.of("prompt", "three"));

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third).get("detail").asText()).contains("active tasks");
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, Map.of("prompt", "four"))
                        .statusCode() == 200);
    }

    @Test
    void flux2KontextMaxHasItsOwnLimitOfSixActiveTasks() {
        for (int i = 0; i < 6; i++) {
            submit("flux-kontext-max", Map.of("prompt", "edit " + i + " [sim:stuck]"));
        }

        HttpResponse<byte[]> seventh = postJson(sim.baseUrl() + "/v1/flux-kontext-max", KEY, Map.of("prompt", "7"));

        assertThat(seventh.statusCode()).isEqualTo(429);
        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, Map.of("prompt", "other model"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void sampleUrlExpiresAfterTheResultTtl() throws Exception {
        sim.settings().setResultTtlSeconds(1);
        JsonNode ready = awaitFinished(submit("flux-pro-1.1", Map.of("prompt", "short-lived")));
        String sample = ready.at("/result/sample").asText();
        assertThat(get(sample).statusCode()).isEqualTo(200);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(sample).statusCode() == 403);
        assertThat(new String(get(sample).body())).contains("AuthenticationFailed");
    }

    @Test
    void tamperedSampleUrlIs403() throws Exception {
        String sample = awaitFinished(submit("flux-pro-1.1", Map.of("prompt", "signed"))).at("/result/sample").asText();

        assertThat(get(sample.replaceAll("se=(\\d+)", "se=9$1")).statusCode()).isEqualTo(403);
        assertThat(get(sample.substring(0, sample.indexOf('?'))).statusCode()).isEqualTo(403);
    }

    @Test
    void callLogCountsOneGenerationPerSubmitAndRecordsPollsSeparately() throws Exception {
        awaitFinished(submit("flux-pro-1.1", Map.of("prompt", "counted [sim:latency=60]")));
        submit("flux-dev", Map.of("prompt", "other"));

        assertThat(sim.calls().countGenerations("bfl", "flux-pro-1.1")).isEqualTo(1);
        assertThat(sim.calls().countGenerations("bfl", null)).isEqualTo(2);
        assertThat(sim.calls().find("bfl", "flux-pro-1.1"))
                .filteredOn(c -> c.path().equals("/v1/get_result")).isNotEmpty();
        JsonNode viaHttp = json(get(sim.baseUrl() + "/_sim/calls?provider=bfl&model=flux-dev"));
        assertThat(viaHttp.get("calls")).hasSize(1);
        assertThat(viaHttp.at("/calls/0/path").asText()).isEqualTo("/v1/flux-dev");
        assertThat(viaHttp.at("/calls/0/status").asInt()).isEqualTo(200);
    }

    @Test
    void failOnceFailsTheFirstSubmitWith500AndTheRetrySucceeds() {
        Map<String, String> body = Map.of("prompt", "flaky [sim:fail-once]");

        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, body).statusCode()).isEqualTo(500);
        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, body).statusCode()).isEqualTo(200);
        assertThat(sim.calls().generations("bfl", "flux-pro-1.1")).extracting(c -> c.status()).containsExactly(500, 200);
    }

    @Test
    void missingKeyIs403NotAuthenticatedAndAConfiguredKeyIsEnforced() {
        HttpResponse<byte[]> missing = postJson(sim.baseUrl() + "/v1/flux-pro-1.1", Map.of(), Map.of("prompt", "x"));
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(json(missing).get("detail").asText()).isEqualTo("Not authenticated");

        sim.settings().setProvider("bfl", Behaviour.UNSET.withApiKey("right"));
        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", Map.of("x-key", "wrong"), Map.of("prompt", "x"))
                .statusCode()).isEqualTo(403);
        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", Map.of("x-key", "right"), Map.of("prompt", "x"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void invalidBodiesAre422InFastApiShape() {
        HttpResponse<byte[]> badWidth = postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY,
                Map.of("prompt", "x", "width", 1000));
        assertThat(badWidth.statusCode()).isEqualTo(422);
        assertThat(json(badWidth).at("/detail/0/loc/1").asText()).isEqualTo("width");
        assertThat(json(badWidth).at("/detail/0/type").asText()).isEqualTo("multiple_of");

        HttpResponse<byte[]> notJson = postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, "{nope");
        assertThat(notJson.statusCode()).isEqualTo(422);
        assertThat(json(notJson).at("/detail/0/type").asText()).isEqualTo("json_invalid");

        HttpResponse<byte[]> noPrompt = postJson(sim.baseUrl() + "/v1/flux-kontext-pro", KEY, Map.of("seed", 1));
        assertThat(noPrompt.statusCode()).isEqualTo(422);
        assertThat(json(noPrompt).at("/detail/0/type").asText()).isEqualTo("missing");

        HttpResponse<byte[]> badFormat = postJson(sim.baseUrl() + "/v1/flux-2-pro", KEY,
                Map.of("prompt", "x", "output_format", "gif"));
        assertThat(badFormat.statusCode()).isEqualTo(422);
        assertThat(json(badFormat).at("/detail/0/type").asText()).isEqualTo("enum");
    }

    @Test
    void flux2AcceptsMultiplesOf16AndRejectsOtherSizes() throws Exception {
        JsonNode ready = awaitFinished(submit("flux-2-pro",
                Map.of("prompt", "x", "width", 528, "height", 304, "output_format", "png")));
        BufferedImage picture = image(download(ready));
        assertThat(picture.getWidth()).isEqualTo(528);
        assertThat(picture.getHeight()).isEqualTo(304);

        assertThat(postJson(sim.baseUrl() + "/v1/flux-2-pro", KEY, Map.of("prompt", "x", "width", 520))
                .statusCode()).isEqualTo(422);
    }

    @Test
    void kontextSizesByAspectRatioAtAboutOneMegapixel() throws Exception {
        JsonNode ready = awaitFinished(submit("flux-kontext-pro", Map.of("prompt", "x", "aspect_ratio", "16:9")));

        HttpResponse<byte[]> sample = get(ready.at("/result/sample").asText());
        assertThat(sample.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage picture = image(sample.body());
        assertThat((double) picture.getWidth() / picture.getHeight()).isCloseTo(16 / 9.0,
                org.assertj.core.data.Offset.offset(0.05));
        assertThat(picture.getWidth() % 32).isZero();
    }

    @Test
    void insufficientCreditsIs402() {
        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, Map.of("prompt", "x [sim:insufficient-credits]"))
                .statusCode()).isEqualTo(402);
    }

    @Test
    void rateLimitMarkerIs429WithTheRequestedRetryAfter() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY,
                Map.of("prompt", "x [sim:429:retry-after=3]"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
    }

    @Test
    void serverErrorMarkersAre500And503() {
        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, Map.of("prompt", "x [sim:error-500]"))
                .statusCode()).isEqualTo(500);
        assertThat(postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY, Map.of("prompt", "x [sim:error-503]"))
                .statusCode()).isEqualTo(503);
    }

    @Test
    void malformedMarkerBreaksTheReadyPollBody() throws Exception {
        JsonNode submitted = submit("flux-pro-1.1", Map.of("prompt", "x [sim:malformed]"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> {
            HttpResponse<byte[]> response = get(submitted.get("polling_url").asText(), KEY);
            try {
                io.imagequeue.simulator.SimHttp.JSON.readTree(response.body());
                return false;
            } catch (java.io.IOException notJson) {
                return response.statusCode() == 200;
            }
        });
    }

    @Test
    void hangMarkerNeverAnswers() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/flux-pro-1.1"))
                .timeout(Duration.ofMillis(300)).header("x-key", "k")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x [sim:hang]\"}")).build();

        assertThatThrownBy(() -> io.imagequeue.simulator.SimHttp.sendRaw(request))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void webhookSubmissionsAreDeliveredSignedWhenTheTaskFinishes() throws Exception {
        java.util.concurrent.BlockingQueue<String[]> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String[]{new String(exchange.getRequestBody().readAllBytes()),
                    exchange.getRequestHeaders().getFirst("X-BFL-Signature")});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            JsonNode submitted = submit("flux-dev", Map.of("prompt", "hooked", "webhook_url", hook, "webhook_secret", "s3"));

            assertThat(submitted.get("webhook_url").asText()).isEqualTo(hook);
            String[] delivery = received.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(delivery).isNotNull();
            JsonNode payload = io.imagequeue.simulator.SimHttp.JSON.readTree(delivery[0]);
            assertThat(payload.get("id").asText()).isEqualTo(submitted.get("id").asText());
            assertThat(payload.get("status").asText()).isEqualTo("Ready");
            assertThat(delivery[1]).startsWith("sha256=");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void unknownMarkerIsASimulatorError() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + "/v1/flux-pro-1.1", KEY,
                Map.of("prompt", "x [sim:explode]"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("simulator_error").asText()).contains("explode");
    }
}
