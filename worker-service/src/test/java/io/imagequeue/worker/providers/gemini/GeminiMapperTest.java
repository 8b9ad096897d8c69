package io.imagequeue.worker.providers.gemini;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagequeue.worker.providers.Fixtures;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.TestImages;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GeminiMapperTest {

    @Test
    void bodyCarriesThePromptTheInputImagesInlineAndTheImageConfig() {
        byte[] input = TestImages.png(6, 4);
        JsonObject body = GeminiRequests.body(aCallFor("gemini-3-pro-image-preview")
                .with(p -> p.aspectRatio("16:9").imageSize("4K")).inputImage(input).build());

        JsonObject expected = new JsonObject("""
                {"contents": [{"role": "user", "parts": [
                    {"text": "a red fox in the snow"},
                    {"inlineData": {"mimeType": "image/png", "data": "%s"}}]}],
                 "generationConfig": {"responseModalities": ["TEXT", "IMAGE"],
                                      "imageConfig": {"aspectRatio": "16:9", "imageSize": "4K"}}}"""
                .formatted(java.util.Base64.getEncoder().encodeToString(input)));
        assertThat(body).isEqualTo(expected);
    }

    @Test
    void defaultTierIsNotSentSinceFlashKnowsNoOther() {
        JsonObject body = GeminiRequests.body(aCallFor("gemini-2.5-flash-image").with(p -> p.aspectRatio("4:3")).build());

        assertThat(body.getJsonObject("generationConfig").getJsonObject("imageConfig").getMap())
                .containsEntry("aspectRatio", "4:3").doesNotContainKey("imageSize");
    }

    @Test
    void imagePartIsDecoded() {
        GeneratedImage image = GeminiResponses.image(Fixtures.json("gemini/response-image.json"));

        assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("2x2");
        assertThat(image.contentType()).isEqualTo("image/png");
    }

    @Test
    void lastNonThoughtImageIsTheAnswer() {
        GeneratedImage image = GeminiResponses.image(Fixtures.json("gemini/response-thought-then-final.json"));

        assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("4x3");
    }

    @Test
    void imageSafetyFinishIsPermanentContentModeration() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> GeminiResponses.image(Fixtures.json("gemini/response-image-safety.json")));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(failure.getMessage()).contains("IMAGE_SAFETY");
    }

    @Test
    void blockedPromptIsPermanentContentModeration() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> GeminiResponses.image(Fixtures.json("gemini/response-prompt-blocked.json")));

        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(failure.getMessage()).contains("PROHIBITED_CONTENT");
    }

    @Test
    void textOnlyRefusalIsPermanent() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> GeminiResponses.image(Fixtures.json("gemini/response-text-only.json")));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
    }

    @Test
    void perMinuteQuotaSnoozesForTheRetryDelay() {
        ProviderFailure failure = GeminiErrors.classify(429, Fixtures.json("gemini/error-429-per-minute.json"), null);

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(19));
    }

    @Test
    void perDayQuotaIsPermanentDespiteItsRetryDelay() {
        ProviderFailure failure = GeminiErrors.classify(429, Fixtures.json("gemini/error-429-per-day.json"), null);

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_quota_exhausted");
    }

    @Test
    void fractionalRetryDelayIsRead() {
        var details = new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", "0.250s"));

        assertThat(GeminiErrors.retryDelay(details)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void overloadedIsARetryAndInvalidKeyIsPermanent() {
        assertThat(GeminiErrors.classify(503, Fixtures.json("gemini/error-503.json"), null).kind())
                .isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(GeminiErrors.classify(400, Fixtures.json("gemini/error-api-key-invalid.json"), null).code())
                .isEqualTo("provider_auth_failed");
    }
}
