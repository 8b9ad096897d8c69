package io.imagequeue.worker.providers.ideogram;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagequeue.worker.providers.Fixtures;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class IdeogramMapperTest {

    @Test
    void legacyBodyWrapsTheRequestInImageRequest() {
        JsonObject body = IdeogramRequests.generate(aCallFor("ideogram-v2")
                .with(p -> p.seed(11L).negativePrompt("text")).build(), 1);

        assertThat(body).isEqualTo(new JsonObject("""
                {"image_request": {"prompt": "a red fox in the snow", "model": "V_2", "aspect_ratio": "ASPECT_1_1",
                                   "num_images": 1, "negative_prompt": "text", "seed": 11}}"""));
    }

    @Test
    void sizesMapToTheNearestLegacyRatio() {
        assertThat(IdeogramRequests.aspectRatio(1024, 1024)).isEqualTo("ASPECT_1_1");
        assertThat(IdeogramRequests.aspectRatio(1920, 1080)).isEqualTo("ASPECT_16_9");
        assertThat(IdeogramRequests.aspectRatio(1024, 1536)).isEqualTo("ASPECT_2_3");
        assertThat(IdeogramRequests.aspectRatio(640, 1024)).isEqualTo("ASPECT_10_16");
        assertThat(IdeogramRequests.aspectRatio(null, null)).isEqualTo("ASPECT_1_1");
    }

    @Test
    void answerYieldsTheUrlAndTheRewrittenPrompt() {
        var images = IdeogramResponses.images(Fixtures.json("ideogram/generate-response.json"));

        assertThat(images).singleElement().satisfies(image -> {
            assertThat(image.url()).startsWith("https://ideogram.ai/api/images/ephemeral/");
            assertThat(image.prompt()).isEqualTo("A red fox in the snow, photographed at dawn");
        });
    }

    @Test
    void unsafeImageIsPermanentContentModeration() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> IdeogramResponses.images(Fixtures.json("ideogram/generate-response-unsafe.json")));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
    }

    @Test
    void failedSafetyCheckIsPermanentContentModeration() {
        ProviderFailure failure = IdeogramErrors.classify(422, Fixtures.json("ideogram/error-safety.json"), null);

        assertThat(failure.code()).isEqualTo("content_moderated");
    }

    @Test
    void badInputIsRejectedAndOverloadIsRetried() {
        assertThat(IdeogramErrors.classify(400, new JsonObject().put("error", "num_images must be between 1 and 8"), null)
                .code()).isEqualTo("provider_rejected_request");
        assertThat(IdeogramErrors.classify(503, new JsonObject(), null).kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }
}
