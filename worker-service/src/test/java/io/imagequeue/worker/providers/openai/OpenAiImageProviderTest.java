package io.imagequeue.worker.providers.openai;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.Outcomes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.SimulatedUpstream;
import io.imagequeue.worker.providers.TestImages;
import io.imagequeue.worker.providers.TestProviderSettings;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiImageProviderTest {

    private static final String OPENAI = "openai";

    @RegisterExtension
    static final SimulatedUpstream upstream = new SimulatedUpstream();

    private OpenAiImageProvider provider;

    @BeforeEach
    void newProvider() {
        provider = new OpenAiImageProvider(upstream.http(), upstream.settings());
    }

    @Test
    void dallE3GenerationReturnsTheImageAtTheRequestedSizeWithItsRevisedPrompt() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("dall-e-3").with(p -> p.size("1792x1024").quality("hd").style("natural")).build()));

        assertThat(result.images()).hasSize(1);
        GeneratedImage image = result.images().get(0);
        assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1792x1024");
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.revisedPrompt()).contains("a red fox in the snow");
        assertThat(upstream.generations(OPENAI)).isEqualTo(1);
    }

    @Test
    void aBaseUrlEndingInV1AsEveryOpenAiSdkWritesItReachesTheSameEndpoint() {
        var sdkStyle = new OpenAiImageProvider(upstream.http(),
                TestProviderSettings.pointingAt(upstream.simulator().baseUrl() + "/v1"));

        GenerationResult result = Outcomes.success(sdkStyle.generate(aCallFor("dall-e-2").with(p -> p.size("256x256")).build()));

        assertThat(result.images()).hasSize(1);
        assertThat(upstream.generations(OPENAI)).isEqualTo(1);
    }

    @Test
    void dallE2MakesSeveralImagesInOneCall() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("dall-e-2").with(p -> p.n(3).size("512x512")).build()));

        assertThat(result.images()).hasSize(3)
                .allSatisfy(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("512x512"));
        assertThat(upstream.generations(OPENAI)).isEqualTo(1);
    }

    @Test
    void gptImageGenerationDecodesTheBase64Image() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("gpt-image-1.5").with(p -> p.size("1536x1024").quality("low").n(2)).build()));

        assertThat(result.images()).hasSize(2)
                .allSatisfy(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1536x1024"));
        assertThat(result.images().get(0).revisedPrompt()).isNull();
        assertThat(upstream.generations(OPENAI)).isEqualTo(1);
    }

    @Test
    void gptImageEditSendsEveryInputImageAndTheMaskInOneCall() {
        GenerationResult result = Outcomes.success(provider.generate(aCallFor("gpt-image-1.5")
                .prompt("put a hat on the fox")
                .with(p -> p.size("1024x1024"))
                .inputImage(TestImages.png(300, 200))
                .inputImage(TestImages.png(64, 64))
                .mask(TestImages.png(300, 200))
                .build()));

        assertThat(result.images()).singleElement()
                .satisfies(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1024x1024"));
        assertThat(upstream.calls().generations(OPENAI, "gpt-image-1.5"))
                .singleElement().satisfies(call -> {
                    assertThat(call.path()).isEqualTo("/v1/images/edits");
                    assertThat(call.status()).isEqualTo(200);
                });
    }

    @Test
    void maskOfAnotherSizeThanTheImageIsRejectedPermanently() {
        ProviderFailure failure = Outcomes.failure(provider.generate(aCallFor("gpt-image-1.5")
                .inputImage(TestImages.png(300, 200))
                .mask(TestImages.png(100, 100))
                .build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_rejected_request");
        assertThat(failure.getMessage()).contains("mask");
    }

    @Test
    void dallE2EditSendsItsSingleImage() {
        GenerationResult result = Outcomes.success(provider.generate(aCallFor("dall-e-2")
                .with(p -> p.size("256x256"))
                .inputImage(TestImages.png(256, 256))
                .build()));

        assertThat(result.images()).singleElement()
                .satisfies(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("256x256"));
        assertThat(upstream.generations(OPENAI)).isEqualTo(1);
    }

    @Test
    void moderatedGenerationIsPermanentAndNotRetried() {
        ProviderFailure gptImage = Outcomes.failure(provider.generate(
                aCallFor("gpt-image-1.5").prompt("[sim:moderate-output] a fox").build()));
        ProviderFailure dallE = Outcomes.failure(provider.generate(
                aCallFor("dall-e-3").prompt("[sim:moderate-input] a fox").build()));

        assertThat(gptImage.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(gptImage.code()).isEqualTo("content_moderated");
        assertThat(gptImage.getMessage()).contains("moderation_blocked");
        assertThat(dallE.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(dallE.code()).isEqualTo("content_moderated");
        assertThat(dallE.getMessage()).contains("content_policy_violation");
        assertThat(upstream.generations(OPENAI)).isEqualTo(2);
    }

    @Test
    void rateLimitIsASnoozeForTheProvidersRetryAfter() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("dall-e-3").prompt("[sim:429:retry-after=7] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(upstream.generations(OPENAI)).isEqualTo(1);
    }

    @Test
    void exhaustedQuotaIsPermanentNotASnooze() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gpt-image-1.5").prompt("[sim:insufficient-credits] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_quota_exhausted");
    }

    @Test
    void serverErrorsAreRetried() {
        ProviderFailure internal = Outcomes.failure(provider.generate(
                aCallFor("dall-e-3").prompt("[sim:error-500] a fox").build()));
        ProviderFailure overloaded = Outcomes.failure(provider.generate(
                aCallFor("dall-e-3").prompt("[sim:error-503] a fox").build()));

        assertThat(internal.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(internal.code()).isEqualTo("provider_unavailable");
        assertThat(overloaded.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }

    @Test
    void failedFirstAttemptSucceedsOnTheNextWithExactlyTwoCalls() {
        var call = aCallFor("dall-e-3").prompt("[sim:fail-once] a fox").build();

        assertThat(Outcomes.failure(provider.generate(call)).kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(Outcomes.success(provider.generate(call)).images()).hasSize(1);
        assertThat(upstream.generations(OPENAI)).isEqualTo(2);
    }

    @Test
    void unansweredCallTimesOutAsARetry() {
        var impatient = new OpenAiImageProvider(upstream.http(),
                upstream.settings().withRequestTimeout(Duration.ofMillis(300)));

        ProviderFailure failure = Outcomes.failure(impatient.generate(
                aCallFor("dall-e-3").prompt("[sim:hang] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_unreachable");
    }

    @Test
    void truncatedAnswerIsRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gpt-image-1.5").prompt("[sim:malformed] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_bad_response");
    }

    @Test
    void refusedKeyIsPermanentAndNeverAppearsInTheMessage() {
        upstream.simulator().settings().setProvider(OPENAI, Behaviour.UNSET.withApiKey("sk-the-right-key"));
        var wrongKey = new OpenAiImageProvider(upstream.http(), upstream.settings());

        ProviderFailure failure = Outcomes.failure(wrongKey.generate(aCallFor("dall-e-3").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_auth_failed");
        assertThat(failure.getMessage()).doesNotContain(TestProviderSettings.KEY)
                .doesNotContain(TestProviderSettings.KEY.substring(TestProviderSettings.KEY.length() - 4));
    }
}
