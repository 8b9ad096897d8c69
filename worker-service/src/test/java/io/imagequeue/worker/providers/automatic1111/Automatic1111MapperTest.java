package io.imagequeue.worker.providers.automatic1111;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagequeue.worker.providers.Fixtures;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.TestImages;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class Automatic1111MapperTest {

    @Test
    void bodyNamesTheCheckpointAndAsksForTheWholeBatchAtOnce() {
        JsonObject body = Automatic1111Requests.txt2img(aCallFor("Realistic_Vision_V5.1")
                .with(p -> p.width(512).height(768).n(3).numInferenceSteps(30).cfgScale(7.0)).build());

        assertThat(body.getMap()).containsEntry("prompt", "a red fox in the snow").containsEntry("negative_prompt", "")
                .containsEntry("seed", -1L).containsEntry("batch_size", 3).containsEntry("n_iter", 1)
                .containsEntry("width", 512).containsEntry("height", 768).containsEntry("steps", 30)
                .containsEntry("cfg_scale", 7.0).containsEntry("send_images", true);
        assertThat(body.getJsonObject("override_settings").getString("sd_model_checkpoint"))
                .isEqualTo("Realistic_Vision_V5.1.safetensors");
    }

    @Test
    void imagesAreDecodedInOrder() {
        var images = Automatic1111Responses.images(Fixtures.json("automatic1111/txt2img-response.json"), 2);

        assertThat(images).extracting(image -> TestImages.sizeOf(image.bytes())).containsExactly("2x2", "4x3");
    }

    @Test
    void leadingGridImageIsDropped() {
        var images = Automatic1111Responses.images(Fixtures.json("automatic1111/txt2img-response-with-grid.json"), 2);

        assertThat(images).extracting(image -> TestImages.sizeOf(image.bytes())).containsExactly("2x2", "2x2");
    }

    @Test
    void fewerImagesThanAskedForIsARetry() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> Automatic1111Responses.images(Fixtures.json("automatic1111/txt2img-response.json"), 3));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }

    @Test
    void missingCheckpointIsPermanentWhileOutOfMemoryIsARetry() {
        assertThat(Automatic1111Errors.classify(404, Fixtures.json("automatic1111/error-model-not-found.json"), null)
                .code()).isEqualTo("provider_model_unavailable");
        assertThat(Automatic1111Errors.classify(500, Fixtures.json("automatic1111/error-out-of-memory.json"), null)
                .kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }
}
