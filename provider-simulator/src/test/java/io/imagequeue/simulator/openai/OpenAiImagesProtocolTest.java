package io.imagequeue.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.Multipart;
import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.render.ImageFormat;
import io.imagequeue.simulator.render.ImageRenderer;
import io.imagequeue.simulator.render.RenderSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.imagequeue.simulator.SimHttp.base64;
import static io.imagequeue.simulator.SimHttp.get;
import static io.imagequeue.simulator.SimHttp.image;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.post;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

class OpenAiImagesProtocolTest {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer sk-test-123456789");
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

    private static HttpResponse<byte[]> generate(Map<String, Object> body) {
        return postJson(sim.baseUrl() + "/v1/images/generations", AUTH, body);
    }

    private static byte[] png(int width, int height) {
        return new ImageRenderer().render(RenderSpec.of("input", 1, width, height, ImageFormat.PNG));
    }

    @Test
    void gptImageAnswersBase64WithSizeFormatAndUsage() {
        HttpResponse<byte[]> response = generate(Map.of("model", "gpt-image-1", "prompt", "a fox",
                "size", "1536x1024", "quality", "low"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        JsonNode body = json(response);
        assertThat(body.at("/data/0/url").isMissingNode()).isTrue();
        BufferedImage picture = image(base64(body.at("/data/0/b64_json").asText()));
        assertThat(picture.getWidth()).isEqualTo(1536);
        assertThat(picture.getHeight()).isEqualTo(1024);
        assertThat(body.get("output_format").asText()).isEqualTo("png");
        assertThat(body.get("size").asText()).isEqualTo("1536x1024");
        assertThat(body.get("quality").asText()).isEqualTo("low");
        assertThat(body.at("/usage/total_tokens").asInt()).isPositive();
    }

    @Test
    void gptImageHonoursJpegAndWebpOutputFormats() {
        JsonNode jpeg = json(generate(Map.of("model", "gpt-image-1.5", "prompt", "x", "output_format", "jpeg")));
        assertThat(base64(jpeg.at("/data/0/b64_json").asText())).startsWith((byte) 0xFF, (byte) 0xD8);

        JsonNode webp = json(generate(Map.of("model", "gpt-image-1-mini", "prompt", "x", "output_format", "webp")));
        assertThat(new String(base64(webp.at("/data/0/b64_json").asText()), 0, 4)).isEqualTo("RIFF");
    }

    @Test
    void gptImageRejectsResponseFormat() {
        HttpResponse<byte[]> response = generate(Map.of("model", "gpt-image-1", "prompt", "x", "response_format", "url"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("unknown_parameter");
        assertThat(json(response).at("/error/param").asText()).isEqualTo("response_format");
    }

    @Test
    void dallE3AnswersAnExpiringUrlAndARevisedPrompt() {
        JsonNode body = json(generate(Map.of("model", "dall-e-3", "prompt", "a castle", "size", "1792x1024")));

        String url = body.at("/data/0/url").asText();
        assertThat(url).startsWith(sim.publicBaseUrl() + "/openai-images/").contains("se=").contains("sig=");
        assertThat(body.at("/data/0/revised_prompt").asText()).contains("a castle");
        HttpResponse<byte[]> download = get(url);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image(download.body()).getWidth()).isEqualTo(1792);
        assertThat(body.has("usage")).isFalse();
    }

    @Test
    void dallE2AnswersBase64WhenAskedAndSeveralImages() {
        JsonNode body = json(generate(Map.of("model", "dall-e-2", "prompt", "x", "n", 2, "size", "256x256",
                "response_format", "b64_json")));

        assertThat(body.get("data")).hasSize(2);
        assertThat(image(base64(body.at("/data/1/b64_json").asText())).getWidth()).isEqualTo(256);
        assertThat(body.at("/data/0/b64_json").asText()).isNotEqualTo(body.at("/data/1/b64_json").asText());
    }

    @Test
    void dallE3RejectsMoreThanOneImageAndSizesItDoesNotSupport() {
        assertThat(json(generate(Map.of("model", "dall-e-3", "prompt", "x", "n", 2))).at("/error/param").asText())
                .isEqualTo("n");
        HttpResponse<byte[]> badSize = generate(Map.of("model", "dall-e-3", "prompt", "x", "size", "512x512"));
        assertThat(badSize.statusCode()).isEqualTo(400);
        assertThat(json(badSize).at("/error/code").asText()).isEqualTo("invalid_value");
    }

    @Test
    void gptImage2AcceptsFreeSizesInMultiplesOf16() {
        JsonNode body = json(generate(Map.of("model", "gpt-image-2", "prompt", "x", "size", "1600x912")));
        BufferedImage picture = image(base64(body.at("/data/0/b64_json").asText()));
        assertThat(picture.getWidth()).isEqualTo(1600);
        assertThat(picture.getHeight()).isEqualTo(912);

        assertThat(generate(Map.of("model", "gpt-image-2", "prompt", "x", "size", "1601x912")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void moderationIsContentPolicyViolationForDallEAndModerationBlockedForGptImage() {
        HttpResponse<byte[]> dallE = generate(Map.of("model", "dall-e-3", "prompt", "x [sim:moderate-input]"));
        assertThat(dallE.statusCode()).isEqualTo(400);
        assertThat(json(dallE).at("/error/code").asText()).isEqualTo("content_policy_violation");

        HttpResponse<byte[]> output = generate(Map.of("model", "gpt-image-1", "prompt", "x [sim:moderate-output]"));
        assertThat(output.statusCode()).isEqualTo(400);
        assertThat(json(output).at("/error/code").asText()).isEqualTo("moderation_blocked");
        assertThat(json(output).at("/error/type").asText()).isEqualTo("image_generation_user_error");
        assertThat(json(output).at("/error/moderation_details/moderation_stage").asText()).isEqualTo("output");
    }

    @Test
    void rateLimitAnswers429WithRetryAfterAndRateLimitHeaders() {
        sim.settings().setProvider("openai", Behaviour.UNSET.withRateLimitPerMinute(1));
        HttpResponse<byte[]> first = generate(Map.of("model", "gpt-image-1", "prompt", "one"));
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("1");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");

        HttpResponse<byte[]> second = generate(Map.of("model", "gpt-image-1", "prompt", "two"));

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(json(second).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(second.headers().firstValue("retry-after")).isPresent();
        assertThat(second.headers().firstValue("retry-after-ms")).isPresent();
        assertThat(second.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
    }

    @Test
    void insufficientQuotaIsA429ThatMustNotBeRetried() {
        HttpResponse<byte[]> response = generate(Map.of("model", "gpt-image-1", "prompt", "x [sim:insufficient-credits]"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("insufficient_quota");
        assertThat(response.headers().firstValue("retry-after")).isEmpty();
    }

    @Test
    void missingOrWrongKeyIs401() {
        HttpResponse<byte[]> missing = postJson(sim.baseUrl() + "/v1/images/generations", Map.of(),
                Map.of("prompt", "x"));
        assertThat(missing.statusCode()).isEqualTo(401);

        sim.settings().setProvider("openai", Behaviour.UNSET.withApiKey("sk-right"));
        HttpResponse<byte[]> wrong = generate(Map.of("prompt", "x"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).at("/error/code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void editsAcceptRepeatedImagePartsAndAMaskAndFollowTheInputShape() {
        Multipart form = new Multipart().field("model", "gpt-image-1").field("prompt", "add a hat")
                .file("image[]", "a.png", "image/png", png(300, 200))
                .file("image[]", "b.png", "image/png", png(64, 64))
                .file("mask", "mask.png", "image/png", png(300, 200));

        HttpResponse<byte[]> response = post(sim.baseUrl() + "/v1/images/edits", AUTH, form.contentType(), form.bytes());

        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        BufferedImage picture = image(base64(json(response).at("/data/0/b64_json").asText()));
        assertThat(picture.getWidth()).isEqualTo(1536);
        assertThat(picture.getHeight()).isEqualTo(1024);
        assertThat(sim.calls().countGenerations("openai", "gpt-image-1")).isEqualTo(1);
    }

    @Test
    void editsRejectMissingImagesMismatchedMasksAndJsonBodies() {
        Multipart noImage = new Multipart().field("model", "gpt-image-1").field("prompt", "x");
        HttpResponse<byte[]> missing = post(sim.baseUrl() + "/v1/images/edits", AUTH, noImage.contentType(), noImage.bytes());
        assertThat(json(missing).at("/error/param").asText()).isEqualTo("image");

        Multipart badMask = new Multipart().field("prompt", "x").file("image", "a.png", "image/png", png(100, 100))
                .file("mask", "m.png", "image/png", png(50, 50));
        HttpResponse<byte[]> mask = post(sim.baseUrl() + "/v1/images/edits", AUTH, badMask.contentType(), badMask.bytes());
        assertThat(json(mask).at("/error/param").asText()).isEqualTo("mask");

        assertThat(postJson(sim.baseUrl() + "/v1/images/edits", AUTH, Map.of("prompt", "x")).statusCode()).isEqualTo(400);
    }

    @Test
    void streamingAnswersPartialImagesThenTheCompletedImage() {
        HttpResponse<byte[]> response = generate(Map.of("model", "gpt-image-1", "prompt", "x", "stream", true,
                "partial_images", 2));

        String events = new String(response.body());
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(events.split("\"type\":\"image_generation.partial_image\"", -1)).hasSize(3);
        assertThat(events).contains("\"type\":\"image_generation.completed\"");
    }

    @Test
    void failOnceAnswers500ThenSucceeds() {
        Map<String, Object> body = Map.of("model", "gpt-image-1", "prompt", "flaky [sim:fail-once]");

        assertThat(generate(body).statusCode()).isEqualTo(500);
        assertThat(generate(body).statusCode()).isEqualTo(200);
    }
}
