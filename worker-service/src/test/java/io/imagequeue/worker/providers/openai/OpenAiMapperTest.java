package io.imagequeue.worker.providers.openai;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagequeue.worker.providers.Fixtures;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.TestImages;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiMapperTest {

    @Test
    void dallE3BodyAsksForBase64AndCarriesStyleButNoGptImageFields() {
        JsonObject body = OpenAiRequests.generationBody(aCallFor("dall-e-3")
                .with(p -> p.size("1024x1792").quality("hd").style("vivid").user("end-user-7")).build(), 1);

        assertThat(body.getMap()).containsEntry("model", "dall-e-3").containsEntry("n", 1)
                .containsEntry("size", "1024x1792").containsEntry("quality", "hd").containsEntry("style", "vivid")
                .containsEntry("response_format", "b64_json").containsEntry("user", "end-user-7")
                .doesNotContainKeys("output_format", "background", "output_compression");
    }

    @Test
    void gptImageBodyNeverCarriesResponseFormat() {
        JsonObject body = OpenAiRequests.generationBody(aCallFor("gpt-image-1.5")
                .with(p -> p.size("auto").quality("medium").outputFormat("webp").outputCompression(80)
                        .background("transparent").n(4))
                .build(), 4);

        assertThat(body.getMap()).containsEntry("model", "gpt-image-1.5").containsEntry("n", 4)
                .containsEntry("size", "auto").containsEntry("output_format", "webp")
                .containsEntry("output_compression", 80).containsEntry("background", "transparent")
                .doesNotContainKeys("response_format", "style");
    }

    @Test
    void gptImageEditRepeatsImageBracketsAndAddsTheMask() {
        byte[] first = TestImages.png(20, 10);
        OpenAiRequests.EditForm form = OpenAiRequests.editForm(aCallFor("gpt-image-1.5")
                .with(p -> p.inputFidelity("high"))
                .inputImage(first).inputImage(TestImages.png(5, 5)).mask(TestImages.png(20, 10)).build());

        assertThat(form.files()).extracting(OpenAiRequests.FilePart::name).containsExactly("image[]", "image[]", "mask");
        assertThat(form.files().get(0).bytes()).isEqualTo(first);
        assertThat(form.files().get(0).contentType()).isEqualTo("image/png");
        assertThat(form.files().get(0).fileName()).endsWith(".png");
        assertThat(form.fields()).containsEntry("model", "gpt-image-1.5").containsEntry("input_fidelity", "high")
                .doesNotContainKey("response_format");
    }

    @Test
    void dallE2EditSendsOneImageFieldAndAsksForBase64() {
        OpenAiRequests.EditForm form = OpenAiRequests.editForm(aCallFor("dall-e-2")
                .inputImage(TestImages.png(8, 8)).build());

        assertThat(form.files()).extracting(OpenAiRequests.FilePart::name).containsExactly("image");
        assertThat(form.fields()).containsEntry("response_format", "b64_json");
    }

    @Test
    void gptImageResponseYieldsItsBase64Image() {
        var items = OpenAiResponses.items(Fixtures.json("openai/images-response-gpt-image.json"));

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.b64Json()).startsWith("iVBOR");
            assertThat(item.url()).isNull();
            assertThat(item.revisedPrompt()).isNull();
        });
    }

    @Test
    void dallE3UrlResponseYieldsTheUrlAndTheRevisedPrompt() {
        var items = OpenAiResponses.items(Fixtures.json("openai/images-response-dall-e-3-url.json"));

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.url()).startsWith("https://oaidalleapiprodscus.blob.core.windows.net/");
            assertThat(item.revisedPrompt()).isEqualTo("A detailed painting of a red fox standing in fresh snow.");
        });
    }

    @Test
    void responseWithoutImagesIsARetry() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> OpenAiResponses.items(new JsonObject().put("created", 1).put("data", new io.vertx.core.json.JsonArray())));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }

    @Test
    void bothModerationShapesArePermanentContentModeration() {
        ProviderFailure dallE = OpenAiErrors.classify(400, Fixtures.json("openai/error-content-policy-violation.json"), null);
        ProviderFailure gptImage = OpenAiErrors.classify(400, Fixtures.json("openai/error-moderation-blocked.json"), null);

        assertThat(dallE.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(dallE.code()).isEqualTo("content_moderated");
        assertThat(gptImage.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(gptImage.code()).isEqualTo("content_moderated");
    }

    @Test
    void insufficientQuotaIsPermanentWhileRateLimitIsASnooze() {
        ProviderFailure quota = OpenAiErrors.classify(429, Fixtures.json("openai/error-insufficient-quota.json"), null);
        ProviderFailure rate = OpenAiErrors.classify(429, Fixtures.json("openai/error-rate-limit-exceeded.json"),
                Duration.ofMillis(1500));

        assertThat(quota.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(quota.code()).isEqualTo("provider_quota_exhausted");
        assertThat(rate.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(rate.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void serverErrorWithNullCodeIsARetry() {
        ProviderFailure failure = OpenAiErrors.classify(500, Fixtures.json("openai/error-server.json"), null);

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_unavailable");
    }

    @Test
    void invalidParameterIsPermanentAndNamesTheParameter() {
        ProviderFailure failure = OpenAiErrors.classify(400, Fixtures.json("openai/error-invalid-size.json"), null);

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_rejected_request");
        assertThat(failure.getMessage()).contains("parameter size");
    }

    @Test
    void refusedKeyIsPermanentWithoutEchoingTheBody() {
        JsonObject body = new JsonObject().put("error", new JsonObject()
                .put("message", "Incorrect API key provided: sk-te****cdef.").put("code", "invalid_api_key"));

        ProviderFailure failure = OpenAiErrors.classify(401, body, null);

        assertThat(failure.code()).isEqualTo("provider_auth_failed");
        assertThat(failure.getMessage()).doesNotContain("sk-").doesNotContain("cdef");
    }
}
