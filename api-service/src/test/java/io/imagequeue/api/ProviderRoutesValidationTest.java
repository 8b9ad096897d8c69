package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.authorized;
import static io.imagequeue.api.ImageEditTest.storedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.api.inputs.TestImages;
import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The /v2 provider routes: each one's fields, defaults and refusals. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class ProviderRoutesValidationTest {

    private static final String TXT2IMG = "/v2/automatic1111/sdapi/v1/txt2img";
    private static final String GEMINI = "/v2/image/gemini-3/generate";
    private static final String GPT_GENERATE = "/v2/image/gpt-image/generate";
    private static final String GPT_EDIT = "/v2/image/gpt-image/edit";
    private static final String QWEN_GENERATE = "/v2/image/qwen/generate";
    private static final String QWEN_EDIT = "/v2/image/qwen/edit";
    private static final String FLUX = "/v2/image/flux/generate";

    // ---- txt2img ----

    @Test
    void txt2imgFillsAutomatic1111sDefaults() throws Exception {
        JsonNode request = storedRequest(accepted(TXT2IMG, "{\"prompt\": \"a castle\", \"async\": true}"));

        assertThat(request.at("/request/model").asText()).isEqualTo("Realistic_Vision_V5.1.safetensors");
        assertThat(request.at("/request/width").asInt()).isEqualTo(512);
        assertThat(request.at("/request/height").asInt()).isEqualTo(512);
        assertThat(request.at("/request/num_inference_steps").asInt()).isEqualTo(20);
        assertThat(request.at("/request/cfg_scale").asDouble()).isEqualTo(7.0);
    }

    @Test
    void txt2imgTakesTheOtherCheckpoints() {
        accepted(TXT2IMG, "{\"prompt\": \"a castle\", \"model\": \"stable-diffusion-v1-5-pruned.safetensors\", \"async\": true}");
    }

    @Test
    void txt2imgRefusesAModelThatIsNotACheckpoint() {
        authorized().body("{\"prompt\": \"a castle\", \"model\": \"dall-e-3\"}").when().post(TXT2IMG).then()
                .statusCode(400)
                .body("error.param", equalTo("model"))
                .body("error.message", containsString("illustriousRealismBy_v10VAE.safetensors"));
    }

    @Test
    void txt2imgErrorsUseAutomatic1111sFieldNames() {
        authorized().body("{\"prompt\": \"a castle\", \"steps\": 0}").when().post(TXT2IMG).then()
                .statusCode(400)
                .body("error.param", equalTo("steps"))
                .body("error.message", containsString("steps"));
        authorized().body("{\"prompt\": \"a castle\", \"batch_size\": 5}").when().post(TXT2IMG).then()
                .statusCode(400)
                .body("error.param", equalTo("batch_size"));
        authorized().body("{\"prompt\": \"a castle\", \"width\": 500}").when().post(TXT2IMG).then()
                .statusCode(400)
                .body("error.param", equalTo("width"))
                .body("error.message", containsString("multiple of 8"));
        authorized().body("{\"prompt\": \"a castle\", \"cfg_scale\": 99}").when().post(TXT2IMG).then()
                .statusCode(400)
                .body("error.param", equalTo("cfg_scale"));
    }

    // ---- gemini-3 ----

    @Test
    void geminiDefaultsToSquareOneK() throws Exception {
        JsonNode request = storedRequest(accepted(GEMINI, "{\"prompt\": \"a map\", \"async\": true}"));

        assertThat(request.at("/request/aspect_ratio").asText()).isEqualTo("1:1");
        assertThat(request.at("/request/image_size").asText()).isEqualTo("1K");
        assertThat(request.at("/request/model").asText()).isEqualTo("google/gemini-3-pro-T2I");
    }

    @Test
    void geminiRefusesUnlistedRatiosAndTiers() {
        authorized().body("{\"prompt\": \"a map\", \"aspect_ratio\": \"7:1\"}").when().post(GEMINI).then()
                .statusCode(400)
                .body("error.param", equalTo("aspect_ratio"))
                .body("error.message", containsString("21:9"));
        authorized().body("{\"prompt\": \"a map\", \"image_size\": \"8K\"}").when().post(GEMINI).then()
                .statusCode(400)
                .body("error.param", equalTo("image_size"))
                .body("error.message", containsString("1K, 2K, 4K"));
    }

    @Test
    void geminiRefusesFieldsOfOtherRoutes() {
        authorized().body("{\"prompt\": \"a map\", \"size\": \"1024x1024\"}").when().post(GEMINI).then()
                .statusCode(400)
                .body("error.param", equalTo("size"))
                .body("error.code", equalTo("unknown_parameter"));
    }

    // ---- gpt-image ----

    @Test
    void gptImageGenerateDefaultsAndAnswersLinks() throws Exception {
        JsonNode request = storedRequest(accepted(GPT_GENERATE, "{\"prompt\": \"a city\", \"n\": 4, \"async\": true}"));

        assertThat(request.at("/request/size").asText()).isEqualTo("1024x1024");
        assertThat(request.at("/request/quality").asText()).isEqualTo("auto");
        assertThat(request.at("/request/n").asInt()).isEqualTo(4);
        assertThat(request.at("/response_format").asText()).isEqualTo("url");
    }

    @Test
    void gptImageRefusesFiveImagesAndUnlistedSizesAndQualities() {
        authorized().body("{\"prompt\": \"a city\", \"n\": 5}").when().post(GPT_GENERATE).then()
                .statusCode(400).body("error.param", equalTo("n"));
        authorized().body("{\"prompt\": \"a city\", \"size\": \"512x512\"}").when().post(GPT_GENERATE).then()
                .statusCode(400).body("error.param", equalTo("size"))
                .body("error.message", containsString("1024x1024, 1536x1024, 1024x1536, auto"));
        authorized().body("{\"prompt\": \"a city\", \"quality\": \"hd\"}").when().post(GPT_GENERATE).then()
                .statusCode(400).body("error.param", equalTo("quality"));
    }

    @Test
    void gptImageEditStoresTheImageAndMask() throws Exception {
        String image = TestImages.base64(TestImages.png(40, 40));
        JsonNode request = storedRequest(accepted(GPT_EDIT,
                "{\"prompt\": \"night\", \"image\": \"" + image + "\", \"mask\": \"" + image + "\", \"async\": true}"));

        assertThat(request.get("input_image_keys")).hasSize(1);
        assertThat(request.at("/mask_key").asText()).endsWith("mask.png");
        assertThat(request.at("/request/model").asText()).isEqualTo("openai/gpt-image-1.5");
    }

    @Test
    void gptImageEditNeedsAnImage() {
        authorized().body("{\"prompt\": \"night\"}").when().post(GPT_EDIT).then()
                .statusCode(400)
                .body("error.param", equalTo("image"))
                .body("error.code", equalTo("missing_required_parameter"));
    }

    @Test
    void gptImageEditTakesBase64NotUrls() {
        authorized().body("{\"prompt\": \"night\", \"image\": \"https://example.com/a.png\"}").when().post(GPT_EDIT).then()
                .statusCode(400)
                .body("error.param", equalTo("image"));
        authorized().body("{\"prompt\": \"night\", \"image\": \"%%%\"}").when().post(GPT_EDIT).then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_image"));
    }

    @Test
    void gptImageEditRefusesAMaskOfAnotherSize() {
        authorized().body("{\"prompt\": \"night\", \"image\": \"" + TestImages.base64(TestImages.png(40, 40))
                        + "\", \"mask\": \"" + TestImages.base64(TestImages.png(20, 40)) + "\"}")
                .when().post(GPT_EDIT).then()
                .statusCode(400)
                .body("error.param", equalTo("mask"));
    }

    // ---- qwen ----

    @Test
    void qwenTakesDashScopeStyleSizes() throws Exception {
        JsonNode request = storedRequest(accepted(QWEN_GENERATE,
                "{\"prompt\": \"a poster\", \"size\": \"1328*1328\", \"seed\": 7, \"async\": true}"));

        assertThat(request.at("/request/size").asText()).isEqualTo("1328x1328");
        assertThat(request.at("/request/seed").asLong()).isEqualTo(7);
    }

    @Test
    void qwenRefusesSizesOutOfRange() {
        authorized().body("{\"prompt\": \"a poster\", \"size\": \"4000x4000\"}").when().post(QWEN_GENERATE).then()
                .statusCode(400)
                .body("error.param", equalTo("size"));
    }

    @Test
    void qwenEditTakesBase64AndRefusesInwardUrls() {
        accepted(QWEN_EDIT, "{\"prompt\": \"sunset\", \"image\": \"" + TestImages.dataUrl(TestImages.png(16, 16))
                + "\", \"async\": true}");
        authorized().body("{\"prompt\": \"sunset\", \"image\": \"http://169.254.169.254/latest/meta-data/\"}")
                .when().post(QWEN_EDIT).then()
                .statusCode(400)
                .body("error.param", equalTo("image"))
                .body("error.code", equalTo("invalid_image_url"));
        authorized().body("{\"prompt\": \"sunset\"}").when().post(QWEN_EDIT).then()
                .statusCode(400)
                .body("error.param", equalTo("image"));
    }

    // ---- flux reference images ----

    @Test
    void fluxStoresUpToFourReferenceImagesInFieldOrder() throws Exception {
        String png = TestImages.base64(TestImages.png(64, 64));
        String jpeg = TestImages.base64(TestImages.jpeg(64, 64));
        JsonNode request = storedRequest(accepted(FLUX, "{\"prompt\": \"a fox\", \"input_image\": \"" + png
                + "\", \"input_image_2\": \"" + jpeg + "\", \"async\": true}"));

        assertThat(request.get("input_image_keys")).hasSize(2);
        assertThat(request.at("/input_image_keys/1").asText()).endsWith("input-1.jpg");
        assertThat(request.at("/request/safety_tolerance").asInt()).isEqualTo(2);
    }

    @Test
    void fluxReferenceImageFormatAndSizeAreChecked() {
        authorized().body("{\"prompt\": \"a fox\", \"input_image_3\": \"" + TestImages.base64(TestImages.gif(8, 8)) + "\"}")
                .when().post(FLUX).then()
                .statusCode(415)
                .body("error.param", equalTo("input_image_3"));
        authorized().body("{\"prompt\": \"a fox\", \"input_image\": \""
                        + TestImages.base64(TestImages.pngDeclaring(100_000, 100_000)) + "\"}")
                .when().post(FLUX).then()
                .statusCode(413)
                .body("error.param", equalTo("input_image"));
    }

    @Test
    void aTextOnlyRouteRefusesABodyOverItsLimit() {
        authorized().body("{\"prompt\": \"" + "a".repeat(1_100_000) + "\"}").when().post(GEMINI).then()
                .statusCode(413)
                .body("error.code", equalTo("request_too_large"));
    }

    private static String accepted(String path, String body) {
        return authorized().body(body).when().post(path).then()
                .statusCode(202)
                .extract().path("task_address");
    }
}
