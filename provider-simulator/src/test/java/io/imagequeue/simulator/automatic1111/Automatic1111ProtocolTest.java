package io.imagequeue.simulator.automatic1111;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import io.imagequeue.simulator.core.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.imagequeue.simulator.SimHttp.JSON;
import static io.imagequeue.simulator.SimHttp.base64;
import static io.imagequeue.simulator.SimHttp.get;
import static io.imagequeue.simulator.SimHttp.image;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class Automatic1111ProtocolTest {

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

    private static HttpResponse<byte[]> txt2img(Map<String, Object> body) {
        return postJson(sim.baseUrl() + "/sdapi/v1/txt2img", Map.of(), body);
    }

    @Test
    void txt2imgAnswersBase64ImagesParametersAndInfoAsAJsonString() throws Exception {
        HttpResponse<byte[]> response = txt2img(Map.of("prompt", "a fox", "width", 640, "height", 448, "seed", 5,
                "batch_size", 2, "override_settings", Map.of("sd_model_checkpoint", "dreamshaper_8")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("images")).hasSize(2);
        BufferedImage picture = image(base64(body.at("/images/0").asText()));
        assertThat(picture.getWidth()).isEqualTo(640);
        assertThat(picture.getHeight()).isEqualTo(448);
        assertThat(body.at("/parameters/prompt").asText()).isEqualTo("a fox");
        assertThat(body.get("info").isTextual()).isTrue();
        JsonNode info = JSON.readTree(body.get("info").asText());
        assertThat(info.get("seed").asLong()).isEqualTo(5);
        assertThat(info.get("all_seeds")).hasSize(2);
        assertThat(info.get("sd_model_name").asText()).isEqualTo("dreamshaper_8");
        assertThat(sim.calls().countGenerations("automatic1111", "dreamshaper_8")).isEqualTo(1);
    }

    @Test
    void jobsRunOneAtATimeAndProgressReportsTheCurrentOne() {
        sim.settings().setProvider("automatic1111", Behaviour.UNSET.withLatencyMs(300L));
        long start = System.currentTimeMillis();
        CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> txt2img(Map.of("prompt", "one", "width", 64, "height", 64)));
        CompletableFuture<HttpResponse<byte[]>> second = CompletableFuture.supplyAsync(() -> txt2img(Map.of("prompt", "two", "width", 64, "height", 64)));

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                json(get(sim.baseUrl() + "/sdapi/v1/progress")).at("/state/job_count").asInt() == 1);
        assertThat(first.join().statusCode()).isEqualTo(200);
        assertThat(second.join().statusCode()).isEqualTo(200);
        assertThat(System.currentTimeMillis() - start).isGreaterThanOrEqualTo(600);
    }

    @Test
    void progressRisesOverTheRunningJobAndNamesItByItsForcedTaskId() {
        sim.settings().setProvider("automatic1111", Behaviour.UNSET.withLatencyMs(1500L));
        CompletableFuture<HttpResponse<byte[]>> job = CompletableFuture.supplyAsync(() -> txt2img(Map.of(
                "prompt", "a fox", "width", 64, "height", 64, "steps", 20, "n_iter", 2, "force_task_id", "job-7")));

        JsonNode early = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(this::progress, answer -> answer.at("/state/job_count").asInt() > 0);
        JsonNode later = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
                .until(this::progress, answer -> answer.get("progress").asDouble() > early.get("progress").asDouble()
                        || answer.at("/state/job_count").asInt() == 0);
        assertThat(job.join().statusCode()).isEqualTo(200);

        assertThat(early.get("current_task").asText()).isEqualTo("job-7");
        assertThat(early.at("/state/job").asText()).isEqualTo("scripts_txt2img");
        assertThat(early.at("/state/job_count").asInt()).isEqualTo(2);
        assertThat(early.at("/state/sampling_steps").asInt()).isEqualTo(20);
        // api.py's progressapi: 0.01 + job_no / job_count + sampling_step / sampling_steps / job_count
        double expected = 0.01 + early.at("/state/job_no").asDouble() / 2
                + early.at("/state/sampling_step").asDouble() / 20 / 2;
        assertThat(early.get("progress").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(early.get("eta_relative").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(later.get("progress").asDouble()).isGreaterThan(early.get("progress").asDouble()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void anIdleServerReportsNoJobNoProgressAndNoCurrentTask() {
        JsonNode idle = progress();

        assertThat(idle.get("progress").asDouble()).isZero();
        assertThat(idle.get("eta_relative").asDouble()).isZero();
        assertThat(idle.at("/state/job_count").asInt()).isZero();
        assertThat(idle.has("current_task")).isTrue();
        assertThat(idle.get("current_task").isNull()).isTrue();
    }

    @Test
    void aJobWithoutForcedTaskIdGetsOneLikeTheWebUisOwn() {
        sim.settings().setProvider("automatic1111", Behaviour.UNSET.withLatencyMs(400L));
        CompletableFuture<HttpResponse<byte[]>> job = CompletableFuture.supplyAsync(() ->
                txt2img(Map.of("prompt", "a fox", "width", 64, "height", 64)));

        JsonNode running = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(this::progress, answer -> answer.at("/state/job_count").asInt() > 0);
        assertThat(job.join().statusCode()).isEqualTo(200);

        assertThat(running.get("current_task").asText()).matches("task\\(txt2img-[A-Z0-9]{7}\\)");
    }

    private JsonNode progress() {
        return json(get(sim.baseUrl() + "/sdapi/v1/progress?skip_current_image=true"));
    }

    @Test
    void unknownCheckpointAndSamplerAre404() {
        HttpResponse<byte[]> model = txt2img(Map.of("prompt", "x", "override_settings", Map.of("sd_model_checkpoint", "nope")));
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(json(model).get("detail").asText()).isEqualTo("Model not found");

        assertThat(txt2img(Map.of("prompt", "x", "sampler_name", "Warp")).statusCode()).isEqualTo(404);
    }

    @Test
    void theGatewayCatalogsCheckpointsAreInstalled() {
        for (String checkpoint : new String[]{"Realistic_Vision_V5.1.safetensors",
                "illustriousRealismBy_v10VAE.safetensors", "stable-diffusion-v1-5-pruned.safetensors"}) {
            assertThat(txt2img(Map.of("prompt", "x", "width", 64, "height", 64,
                    "override_settings", Map.of("sd_model_checkpoint", checkpoint))).statusCode())
                    .as(checkpoint).isEqualTo(200);
        }
    }

    @Test
    void modelsSamplersAndOptionsAreListed() {
        JsonNode models = json(get(sim.baseUrl() + "/sdapi/v1/sd-models"));
        assertThat(models.get(0).has("title")).isTrue();
        assertThat(models.get(0).has("model_name")).isTrue();
        assertThat(json(get(sim.baseUrl() + "/sdapi/v1/samplers")).findValuesAsText("name")).contains("Euler a");

        postJson(sim.baseUrl() + "/sdapi/v1/options", Map.of(), Map.of("sd_model_checkpoint", "v1-5-pruned-emaonly"));
        assertThat(json(get(sim.baseUrl() + "/sdapi/v1/options")).get("sd_model_checkpoint").asText())
                .startsWith("v1-5-pruned-emaonly");
    }

    @Test
    void img2imgFollowsTheInitImageSize() {
        String init = Base64.getEncoder().encodeToString(new io.imagequeue.simulator.render.ImageRenderer().render(
                io.imagequeue.simulator.render.RenderSpec.of("in", 1, 320, 192, io.imagequeue.simulator.render.ImageFormat.PNG)));

        JsonNode body = json(postJson(sim.baseUrl() + "/sdapi/v1/img2img", Map.of(),
                Map.of("prompt", "x", "init_images", List.of(init))));

        assertThat(image(base64(body.at("/images/0").asText())).getWidth()).isEqualTo(320);
    }

    @Test
    void basicAuthIsRequiredWhenAUserAndPasswordAreConfigured() {
        sim.settings().setProvider("automatic1111", Behaviour.UNSET.withApiKey("user:secret"));

        HttpResponse<byte[]> anonymous = txt2img(Map.of("prompt", "x"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic");

        String credentials = Base64.getEncoder().encodeToString("user:secret".getBytes());
        assertThat(postJson(sim.baseUrl() + "/sdapi/v1/txt2img", Map.of("Authorization", "Basic " + credentials),
                Map.of("prompt", "x", "width", 64, "height", 64)).statusCode()).isEqualTo(200);
    }

    @Test
    void errorMarkerIsA500InTheApiErrorShape() {
        HttpResponse<byte[]> response = txt2img(Map.of("prompt", "x [sim:error-500]"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).has("error")).isTrue();
        assertThat(json(response).has("errors")).isTrue();
    }
}
