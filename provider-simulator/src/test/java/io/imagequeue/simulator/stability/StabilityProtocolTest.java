package io.imagequeue.simulator.stability;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.imagequeue.simulator.SimHttp.base64;
import static io.imagequeue.simulator.SimHttp.image;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.post;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

class StabilityProtocolTest {

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

    private static HttpResponse<byte[]> v2(String service, String accept, Multipart form) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer sk-stab"));
        if (accept != null) {
            headers.put("Accept", accept);
        }
        return post(sim.baseUrl() + "/v2beta/stable-image/generate/" + service, headers, form.contentType(), form.bytes());
    }

    @Test
    void imageAcceptAnswersRawBytesWithFinishReasonAndSeedHeaders() {
        HttpResponse<byte[]> response = v2("sd3", "image/*", new Multipart().field("prompt", "a fox")
                .field("aspect_ratio", "16:9").field("seed", "42").field("output_format", "jpeg"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(response.headers().firstValue("finish-reason")).hasValue("SUCCESS");
        assertThat(response.headers().firstValue("seed")).hasValue("42");
        BufferedImage picture = image(response.body());
        assertThat(picture.getWidth()).isEqualTo(1344);
        assertThat(picture.getHeight()).isEqualTo(768);
    }

    @Test
    void jsonAcceptAnswersBase64WithFinishReason() {
        JsonNode body = json(v2("core", "application/json", new Multipart().field("prompt", "a fox")));

        assertThat(body.get("finish_reason").asText()).isEqualTo("SUCCESS");
        assertThat(body.get("seed").asLong()).isPositive();
        BufferedImage picture = image(base64(body.get("image").asText()));
        assertThat(picture.getWidth()).isEqualTo(picture.getHeight());
    }

    @Test
    void imageToImageFollowsTheInputSize() {
        byte[] input = new ImageRenderer().render(RenderSpec.of("in", 1, 640, 384, ImageFormat.PNG));

        HttpResponse<byte[]> response = v2("sd3", null, new Multipart().field("prompt", "x").field("mode", "image-to-image")
                .field("strength", "0.6").file("image", "in.png", "image/png", input));

        assertThat(image(response.body()).getWidth()).isEqualTo(640);
    }

    @Test
    void jsonBodiesAndMissingPromptsAre400() {
        HttpResponse<byte[]> json = postJson(sim.baseUrl() + "/v2beta/stable-image/generate/core",
                Map.of("Authorization", "Bearer k"), Map.of("prompt", "x"));
        assertThat(json.statusCode()).isEqualTo(400);

        HttpResponse<byte[]> noPrompt = v2("core", null, new Multipart().field("seed", "1"));
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(json(noPrompt).get("name").asText()).isEqualTo("bad_request");
        assertThat(json(noPrompt).get("errors").get(0).asText()).contains("prompt");
    }

    @Test
    void inputModerationIs403ContentModeration() {
        HttpResponse<byte[]> response = v2("ultra", null, new Multipart().field("prompt", "x [sim:moderate-input]"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("name").asText()).isEqualTo("content_moderation");
    }

    @Test
    void outputModerationIs200ContentFilteredWithABlurredImage() {
        HttpResponse<byte[]> filtered = v2("core", null, new Multipart().field("prompt", "x [sim:moderate-output]").field("seed", "5"));

        assertThat(filtered.statusCode()).isEqualTo(200);
        assertThat(filtered.headers().firstValue("finish-reason")).hasValue("CONTENT_FILTERED");
        assertThat(image(filtered.body()).getWidth()).isPositive();
    }

    @Test
    void rateLimitLocksTheKeyOutFor60Seconds() {
        sim.settings().setProvider("stability", Behaviour.UNSET.withRateLimitPerMinute(1));
        assertThat(v2("core", null, new Multipart().field("prompt", "one")).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> second = v2("core", null, new Multipart().field("prompt", "two"));

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(json(second).get("errors").get(0).asText()).contains("timed out for 60 seconds");
    }

    @Test
    void v1SdxlAnswersArtifactsAndRejectsNonSdxlDimensions() {
        Map<String, Object> body = Map.of("text_prompts", List.of(Map.of("text", "a castle")), "width", 1152,
                "height", 896, "samples", 2, "seed", 9);

        HttpResponse<byte[]> response = postJson(sim.baseUrl() + "/v1/generation/stable-diffusion-xl-1024-v1-0/text-to-image",
                Map.of("Authorization", "Bearer k"), body);

        JsonNode artifacts = json(response).get("artifacts");
        assertThat(artifacts).hasSize(2);
        assertThat(artifacts.get(0).get("finishReason").asText()).isEqualTo("SUCCESS");
        assertThat(artifacts.get(0).get("seed").asLong()).isEqualTo(9);
        assertThat(image(base64(artifacts.get(1).get("base64").asText())).getWidth()).isEqualTo(1152);

        HttpResponse<byte[]> defaults = postJson(sim.baseUrl() + "/v1/generation/stable-diffusion-xl-1024-v1-0/text-to-image",
                Map.of("Authorization", "Bearer k"), Map.of("text_prompts", List.of(Map.of("text", "x"))));
        assertThat(defaults.statusCode()).isEqualTo(400);
        assertThat(json(defaults).get("name").asText()).isEqualTo("invalid_sdxl_v1_dimensions");
    }

    @Test
    void v1PngAcceptAnswersBytesWithFinishReasonHeader() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + "/v1/generation/stable-diffusion-xl-1024-v1-0/text-to-image",
                Map.of("Authorization", "Bearer k", "Accept", "image/png"),
                Map.of("text_prompts", List.of(Map.of("text", "x [sim:moderate-output]")), "width", 1024, "height", 1024));

        assertThat(response.headers().firstValue("Finish-Reason")).hasValue("CONTENT_FILTERED");
        assertThat(image(response.body()).getHeight()).isEqualTo(1024);
    }

    @Test
    void missingKeyIs401() {
        Multipart form = new Multipart().field("prompt", "x");
        assertThat(post(sim.baseUrl() + "/v2beta/stable-image/generate/core", Map.of(), form.contentType(), form.bytes())
                .statusCode()).isEqualTo(401);
    }
}
