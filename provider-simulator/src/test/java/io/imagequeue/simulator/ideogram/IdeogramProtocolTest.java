package io.imagequeue.simulator.ideogram;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.Multipart;
import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.imagequeue.simulator.SimHttp.get;
import static io.imagequeue.simulator.SimHttp.image;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.post;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

class IdeogramProtocolTest {

    private static final Map<String, String> KEY = Map.of("Api-Key", "ideo-key");
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

    private static HttpResponse<byte[]> v3(Multipart form) {
        return post(sim.baseUrl() + "/v1/ideogram-v3/generate", KEY, form.contentType(), form.bytes());
    }

    @Test
    void v3AnswersUrlsWithResolutionSeedAndSafetyFlag() {
        HttpResponse<byte[]> response = v3(new Multipart().field("prompt", "a poster").field("aspect_ratio", "16x9")
                .field("num_images", "2").field("seed", "11").field("magic_prompt", "OFF"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(body.get("data")).hasSize(2);
        JsonNode first = body.at("/data/0");
        assertThat(first.get("is_image_safe").asBoolean()).isTrue();
        assertThat(first.get("seed").asLong()).isEqualTo(11);
        assertThat(first.get("prompt").asText()).isEqualTo("a poster");
        BufferedImage picture = image(get(first.get("url").asText()).body());
        assertThat(picture.getWidth() + "x" + picture.getHeight()).isEqualTo(first.get("resolution").asText());
        assertThat((double) picture.getWidth() / picture.getHeight()).isCloseTo(16 / 9.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void explicitResolutionIsHonouredAndExclusiveWithAspectRatio() {
        JsonNode body = json(v3(new Multipart().field("prompt", "x").field("resolution", "1280x800")));
        assertThat(body.at("/data/0/resolution").asText()).isEqualTo("1280x800");

        assertThat(v3(new Multipart().field("prompt", "x").field("resolution", "1280x800").field("aspect_ratio", "1x1"))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void unsafePromptIs422AndUnsafeOutputHasNoUrl() {
        HttpResponse<byte[]> input = v3(new Multipart().field("prompt", "x [sim:moderate-input]"));
        assertThat(input.statusCode()).isEqualTo(422);
        assertThat(json(input).get("error").asText()).contains("safety");

        JsonNode output = json(v3(new Multipart().field("prompt", "x [sim:moderate-output]")));
        assertThat(output.at("/data/0/is_image_safe").asBoolean()).isFalse();
        assertThat(output.at("/data/0").has("url")).isFalse();
    }

    @Test
    void transparentGenerationRejectsFlash() {
        Multipart form = new Multipart().field("prompt", "x").field("rendering_speed", "FLASH");

        assertThat(post(sim.baseUrl() + "/v1/ideogram-v3/generate-transparent", KEY, form.contentType(), form.bytes())
                .statusCode()).isEqualTo(400);
    }

    @Test
    void legacyV2GenerateTakesAnImageRequest() {
        HttpResponse<byte[]> response = postJson(sim.baseUrl() + "/generate", KEY, Map.of("image_request",
                Map.of("prompt", "a logo", "model", "V_2", "aspect_ratio", "ASPECT_16_9")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).at("/data/0/url").asText()).contains("/ideogram-ephemeral/");
        assertThat(sim.calls().countGenerations("ideogram", "V_2")).isEqualTo(1);
    }

    @Test
    void missingApiKeyIs401() {
        Multipart form = new Multipart().field("prompt", "x");
        assertThat(post(sim.baseUrl() + "/v1/ideogram-v3/generate", Map.of(), form.contentType(), form.bytes()).statusCode())
                .isEqualTo(401);
    }
}
