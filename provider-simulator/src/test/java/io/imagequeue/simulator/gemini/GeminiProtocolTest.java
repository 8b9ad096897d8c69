package io.imagequeue.simulator.gemini;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.imagequeue.simulator.SimHttp.base64;
import static io.imagequeue.simulator.SimHttp.image;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

class GeminiProtocolTest {

    private static final Map<String, String> KEY = Map.of("x-goog-api-key", "AIza-test");
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

    private static HttpResponse<byte[]> generate(String model, Map<String, Object> body) {
        return postJson(sim.baseUrl() + "/v1beta/models/" + model + ":generateContent", KEY, body);
    }

    private static Map<String, Object> request(String prompt, Map<String, Object> generationConfig) {
        return Map.of("contents", List.of(Map.of("role", "user", "parts", List.of(Map.of("text", prompt)))),
                "generationConfig", generationConfig);
    }

    private static JsonNode lastNonThoughtImage(JsonNode response) {
        JsonNode found = null;
        for (JsonNode part : response.at("/candidates/0/content/parts")) {
            if (part.has("inlineData") && !part.path("thought").asBoolean(false)) {
                found = part;
            }
        }
        return found;
    }

    @Test
    void answersTextAndAnInlinePngOfTheAspectRatiosSize() {
        HttpResponse<byte[]> response = generate("gemini-2.5-flash-image", request("a red fox",
                Map.of("responseModalities", List.of("TEXT", "IMAGE"), "imageConfig", Map.of("aspectRatio", "16:9"))));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(body.at("/candidates/0/content/parts/0/text").asText()).isNotBlank();
        JsonNode image = lastNonThoughtImage(body);
        assertThat(image.at("/inlineData/mimeType").asText()).isEqualTo("image/png");
        BufferedImage picture = image(base64(image.at("/inlineData/data").asText()));
        assertThat(picture.getWidth()).isEqualTo(1344);
        assertThat(picture.getHeight()).isEqualTo(768);
        assertThat(body.at("/usageMetadata/candidatesTokensDetails/0/modality").asText()).isEqualTo("IMAGE");
        assertThat(body.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash-image");
    }

    @Test
    void gemini3ProThinksWithAnInterimImageBeforeTheFinal2KImage() {
        JsonNode body = json(generate("gemini-3-pro-image-preview", request("a castle",
                Map.of("responseModalities", List.of("IMAGE"), "imageConfig", Map.of("aspectRatio", "1:1", "imageSize", "2K")))));

        JsonNode parts = body.at("/candidates/0/content/parts");
        JsonNode firstImage = null;
        for (JsonNode part : parts) {
            if (part.has("inlineData")) {
                firstImage = part;
                break;
            }
        }
        assertThat(firstImage.get("thought").asBoolean()).isTrue();
        JsonNode last = lastNonThoughtImage(body);
        assertThat(last.has("thoughtSignature")).isTrue();
        assertThat(image(base64(last.at("/inlineData/data").asText())).getWidth()).isEqualTo(2048);
    }

    @Test
    void imageOnlyModalityHasNoTextPart() {
        JsonNode body = json(generate("gemini-2.5-flash-image", request("x", Map.of("responseModalities", List.of("IMAGE")))));

        assertThat(body.at("/candidates/0/content/parts")).hasSize(1);
        assertThat(body.at("/candidates/0/content/parts/0").has("inlineData")).isTrue();
    }

    @Test
    void inputImageShapeIsFollowedWhenNoAspectRatioIsGiven() {
        byte[] input = new ImageRenderer().render(RenderSpec.of("in", 1, 900, 500, ImageFormat.PNG));
        Map<String, Object> body = Map.of("contents", List.of(Map.of("parts", List.of(
                Map.of("text", "make it snowy"),
                Map.of("inline_data", Map.of("mime_type", "image/png", "data", Base64.getEncoder().encodeToString(input)))))));

        JsonNode image = lastNonThoughtImage(json(generate("gemini-2.5-flash-image", body)));

        BufferedImage picture = image(base64(image.at("/inlineData/data").asText()));
        assertThat(picture.getWidth()).isEqualTo(1344);
        assertThat(picture.getHeight()).isEqualTo(768);
    }

    @Test
    void outputSafetyIsHttp200WithImageSafetyAndNoImage() {
        HttpResponse<byte[]> response = generate("gemini-2.5-flash-image", request("x [sim:moderate-output]", Map.of()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("IMAGE_SAFETY");
        assertThat(body.at("/candidates/0/content").isMissingNode()).isTrue();
    }

    @Test
    void blockedPromptIsHttp200WithPromptFeedbackAndNoCandidates() {
        JsonNode body = json(generate("gemini-2.5-flash-image", request("x [sim:moderate-input]", Map.of())));

        assertThat(body.at("/promptFeedback/blockReason").asText()).isEqualTo("PROHIBITED_CONTENT");
        assertThat(body.has("candidates")).isFalse();
    }

    @Test
    void textOnlyRefusalHasNoImage() {
        JsonNode body = json(generate("gemini-2.5-flash-image", request("x [sim:text-only]", Map.of())));

        assertThat(lastNonThoughtImage(body)).isNull();
        assertThat(body.at("/candidates/0/content/parts/0/text").asText()).contains("can't");
    }

    @Test
    void rateLimitIs429ResourceExhaustedWithRetryInfo() {
        HttpResponse<byte[]> response = generate("gemini-2.5-flash-image", request("x [sim:429:retry-after=7]", Map.of()));

        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode error = json(response).get("error");
        assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.get("details").findValuesAsText("retryDelay")).containsExactly("7s");
        assertThat(error.get("details").findValuesAsText("quotaId")).allMatch(id -> id.contains("PerMinute"));
    }

    @Test
    void exhaustedDailyQuotaIs429WithAPerDayQuotaId() {
        JsonNode error = json(generate("gemini-2.5-flash-image", request("x [sim:insufficient-credits]", Map.of()))).get("error");

        assertThat(error.get("details").findValuesAsText("quotaId")).allMatch(id -> id.contains("PerDay"));
    }

    @Test
    void overloadIs503Unavailable() {
        HttpResponse<byte[]> response = generate("gemini-2.5-flash-image", request("x [sim:error-503]", Map.of()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).at("/error/status").asText()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void keyIsRequiredButMayComeAsAQueryParameter() {
        HttpResponse<byte[]> missing = postJson(sim.baseUrl() + "/v1beta/models/gemini-2.5-flash-image:generateContent",
                Map.of(), request("x", Map.of()));
        assertThat(missing.statusCode()).isEqualTo(403);

        HttpResponse<byte[]> viaQuery = postJson(sim.baseUrl()
                + "/v1beta/models/gemini-2.5-flash-image:generateContent?key=AIza", Map.of(), request("x", Map.of()));
        assertThat(viaQuery.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownModelsAndBadAspectRatiosAreRejected() {
        assertThat(generate("gemini-2.5-pro", request("x", Map.of())).statusCode()).isEqualTo(404);
        assertThat(generate("gemini-2.5-flash-image", request("x", Map.of("imageConfig", Map.of("aspectRatio", "7:5"))))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void sseStreamCarriesTheResponseAsDataEvents() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl()
                + "/v1beta/models/gemini-2.5-flash-image:streamGenerateContent?alt=sse", KEY, request("x", Map.of()));

        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(new String(response.body())).startsWith("data: {\"candidates\"");
        assertThat(sim.calls().countGenerations("gemini", "gemini-2.5-flash-image")).isEqualTo(1);
    }
}
