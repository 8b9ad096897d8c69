package io.imagequeue.simulator.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import io.imagequeue.simulator.render.ImageFormat;
import io.imagequeue.simulator.render.ImageRenderer;
import io.imagequeue.simulator.render.RenderSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.imagequeue.simulator.SimHttp.get;
import static io.imagequeue.simulator.SimHttp.image;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

class DashScopeProtocolTest {

    private static final String ASYNC = "/api/v1/services/aigc/text2image/image-synthesis";
    private static final String SYNC = "/api/v1/services/aigc/multimodal-generation/generation";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer sk-ds");
    private static final Map<String, String> ASYNC_AUTH = Map.of("Authorization", "Bearer sk-ds", "X-DashScope-Async", "enable");
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

    private static Map<String, Object> textToImage(String prompt, Map<String, Object> parameters) {
        return Map.of("model", "qwen-image-plus", "input", Map.of("prompt", prompt), "parameters", parameters);
    }

    private static String submit(Map<String, Object> body) {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + ASYNC, ASYNC_AUTH, body);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        JsonNode json = json(response);
        assertThat(json.at("/output/task_status").asText()).isEqualTo("PENDING");
        assertThat(json.get("request_id").asText()).isNotBlank();
        return json.at("/output/task_id").asText();
    }

    private static JsonNode poll(String taskId) {
        HttpResponse<byte[]> response = get(sim.baseUrl() + "/api/v1/tasks/" + taskId, AUTH);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    /** Polls until a terminal status, recording every status seen. */
    private static JsonNode awaitTerminal(String taskId, List<String> seen) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode result = poll(taskId);
            String status = result.at("/output/task_status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            if (List.of("SUCCEEDED", "FAILED", "CANCELED", "UNKNOWN").contains(status)) {
                return result;
            }
            Thread.sleep(15);
        }
        throw new AssertionError("task not terminal after 5 s: " + seen);
    }

    @Test
    void asyncTaskWalksPendingRunningSucceededWithAnExpiringUrlOfTheAskedSize() throws Exception {
        String taskId = submit(textToImage("a tea house [sim:latency=400]", Map.of("size", "1328*1328")));
        List<String> seen = new ArrayList<>();

        JsonNode done = awaitTerminal(taskId, seen);

        assertThat(seen).containsExactly("PENDING", "RUNNING", "SUCCEEDED");
        assertThat(done.at("/output/submit_time").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(done.at("/output/results/0/orig_prompt").asText()).startsWith("a tea house");
        assertThat(done.at("/output/results/0/actual_prompt").asText()).isNotBlank();
        assertThat(done.at("/usage/image_count").asInt()).isEqualTo(1);
        String url = done.at("/output/results/0/url").asText();
        assertThat(url).contains("Expires=").contains("Signature=");
        BufferedImage picture = image(get(url).body());
        assertThat(picture.getWidth()).isEqualTo(1328);
        assertThat(picture.getHeight()).isEqualTo(1328);
    }

    @Test
    void asyncEndpointRequiresTheAsyncHeader() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + ASYNC, AUTH, textToImage("x", Map.of()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("code").asText()).isEqualTo("AccessDenied");
    }

    @Test
    void qwenImageAcceptsOnlyItsFixedSizesWrittenWithAStar() {
        HttpResponse<byte[]> x = postJson(sim.baseUrl() + ASYNC, ASYNC_AUTH, textToImage("x", Map.of("size", "1328x1328")));
        assertThat(x.statusCode()).isEqualTo(400);
        assertThat(json(x).get("code").asText()).isEqualTo("InvalidParameter");

        submit(textToImage("x", Map.of("size", "1472*1140")));
        submit(textToImage("x", Map.of("size", "928*1664")));
    }

    @Test
    void outputModerationEndsInFailedWithDataInspectionFailed() throws Exception {
        JsonNode done = awaitTerminal(submit(textToImage("x [sim:moderate-output]", Map.of())), new ArrayList<>());

        assertThat(done.at("/output/task_status").asText()).isEqualTo("FAILED");
        assertThat(done.at("/output/code").asText()).isEqualTo("DataInspectionFailed");
    }

    @Test
    void inputModerationIs400DataInspectionFailedAtSubmit() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + ASYNC, ASYNC_AUTH, textToImage("x [sim:moderate-input]", Map.of()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("code").asText()).isEqualTo("DataInspectionFailed");
    }

    @Test
    void errorMarkerEndsInFailedWithAnAlgorithmErrorCode() throws Exception {
        JsonNode done = awaitTerminal(submit(textToImage("x [sim:error]", Map.of())), new ArrayList<>());

        assertThat(done.at("/output/code").asText()).isEqualTo("InternalError.Algo");
    }

    @Test
    void unknownTaskIdsAreUnknown() {
        assertThat(poll("no-such-task").at("/output/task_status").asText()).isEqualTo("UNKNOWN");
    }

    @Test
    void pendingTasksCanBeCanceledAndRunningOnesCannot() {
        String pending = submit(textToImage("x [sim:latency=5000]", Map.of()));

        assertThat(postJson(sim.baseUrl() + "/api/v1/tasks/" + pending + "/cancel", AUTH, "").statusCode()).isEqualTo(200);
        assertThat(poll(pending).at("/output/task_status").asText()).isEqualTo("CANCELED");
        assertThat(postJson(sim.baseUrl() + "/api/v1/tasks/" + pending + "/cancel", AUTH, "").statusCode()).isEqualTo(400);
    }

    @Test
    void rateLimitIs429ThrottlingRateQuota() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + ASYNC, ASYNC_AUTH, textToImage("x [sim:429]", Map.of()));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(json(response).get("code").asText()).isEqualTo("Throttling.RateQuota");
    }

    @Test
    void missingKeyIs401InvalidApiKey() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + ASYNC, Map.of("X-DashScope-Async", "enable"),
                textToImage("x", Map.of()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("code").asText()).isEqualTo("InvalidApiKey");
    }

    @Test
    void syncEditFollowsTheInputImageAndAnswersChoicesWithImageUrls() {
        byte[] input = new ImageRenderer().render(RenderSpec.of("in", 1, 800, 400, ImageFormat.PNG));
        Map<String, Object> body = Map.of("model", "qwen-image-edit", "input", Map.of("messages", List.of(Map.of(
                "role", "user", "content", List.of(
                        Map.of("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(input)),
                        Map.of("text", "make it night"))))));

        HttpResponse<byte[]> response = postJson(sim.baseUrl() + SYNC, AUTH, body);

        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        JsonNode json = json(response);
        assertThat(json.at("/output/choices/0/finish_reason").asText()).isEqualTo("stop");
        String url = json.at("/output/choices/0/message/content/0/image").asText();
        BufferedImage picture = image(get(url).body());
        assertThat((double) picture.getWidth() / picture.getHeight()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(json.at("/usage/image_count").asInt()).isEqualTo(1);
    }

    @Test
    void syncApiRejectsContentWithoutExactlyOneText() {
        Map<String, Object> body = Map.of("model", "qwen-image-edit", "input", Map.of("messages", List.of(Map.of(
                "role", "user", "content", List.of(Map.of("image", "https://example.com/a.png"))))));

        HttpResponse<byte[]> response = postJson(sim.baseUrl() + SYNC, AUTH, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("code").asText()).isEqualTo("InvalidParameter");
    }

    @Test
    void syncTextToImageTakesFreeSizesOnNewerModels() {
        Map<String, Object> body = Map.of("model", "qwen-image-2.0", "input", Map.of("messages", List.of(Map.of(
                "role", "user", "content", List.of(Map.of("text", "a harbour"))))), "parameters", Map.of("size", "1024*768", "n", 2));

        JsonNode json = json(postJson(sim.baseUrl() + SYNC, AUTH, body));

        assertThat(json.at("/output/choices/0/message/content")).hasSize(2);
        assertThat(json.at("/usage/width").asInt()).isEqualTo(1024);
        assertThat(json.at("/usage/height").asInt()).isEqualTo(768);
    }
}
