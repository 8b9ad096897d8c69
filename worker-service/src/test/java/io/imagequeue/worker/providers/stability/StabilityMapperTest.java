package io.imagequeue.worker.providers.stability;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagequeue.worker.providers.Fixtures;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.TestImages;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityMapperTest {

    @Test
    void bodyWeighsTheNegativePromptBelowZero() {
        JsonObject body = StabilityRequests.textToImage(aCallFor("stable-diffusion-xl")
                .with(p -> p.size("896x1152").negativePrompt("blurry").seed(9L).cfgScale(8.0).numInferenceSteps(25))
                .build(), 3);

        assertThat(body).isEqualTo(new JsonObject("""
                {"text_prompts": [{"text": "a red fox in the snow", "weight": 1.0}, {"text": "blurry", "weight": -1.0}],
                 "samples": 3, "width": 896, "height": 1152, "seed": 9, "cfg_scale": 8.0, "steps": 25}"""));
    }

    @Test
    void successfulArtifactsAreDecoded() {
        List<GeneratedImage> images = StabilityResponses.images(Fixtures.json("stability/artifacts-success.json"));

        assertThat(images).extracting(image -> TestImages.sizeOf(image.bytes())).containsExactly("2x2", "4x3");
    }

    @Test
    void oneFilteredArtifactFailsTheGenerationPermanently() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> StabilityResponses.images(Fixtures.json("stability/artifacts-content-filtered.json")));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
    }

    @Test
    void erroredArtifactIsARetry() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> StabilityResponses.images(Fixtures.json("stability/artifacts-error.json")));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }

    @Test
    void bothModerationShapesArePermanentContentModeration() {
        assertThat(StabilityErrors.classify(403, Fixtures.json("stability/error-content-moderation.json"), null).code())
                .isEqualTo("content_moderated");
        assertThat(StabilityErrors.classify(400, Fixtures.json("stability/error-invalid-prompts.json"), null).code())
                .isEqualTo("content_moderated");
    }

    @Test
    void invalidDimensionsArePermanentlyRejected() {
        ProviderFailure failure = StabilityErrors.classify(400,
                Fixtures.json("stability/error-invalid-dimensions.json"), null);

        assertThat(failure.code()).isEqualTo("provider_rejected_request");
        assertThat(failure.getMessage()).contains("invalid_sdxl_v1_dimensions");
    }

    @Test
    void rateLimitWithoutRetryAfterWaitsOutTheLockout() {
        ProviderFailure failure = StabilityErrors.classify(429, new JsonObject().put("name", "rate_limit_exceeded"), null);

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(60));
    }
}
