package io.imagequeue.worker.providers.gemini;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.Outcomes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.SimulatedUpstream;
import io.imagequeue.worker.providers.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GeminiImageProviderTest {

    private static final String GEMINI = "gemini";

    @RegisterExtension
    static final SimulatedUpstream upstream = new SimulatedUpstream();

    private GeminiImageProvider provider;

    @BeforeEach
    void newProvider() {
        provider = new GeminiImageProvider(upstream.http(), upstream.settings());
    }

    @Test
    void generationReturnsTheImageAtTheRequestedAspectRatio() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("gemini-2.5-flash-image").with(p -> p.aspectRatio("16:9")).build()));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1344x768");
            assertThat(image.contentType()).isEqualTo("image/png");
        });
        assertThat(upstream.generations(GEMINI)).isEqualTo(1);
    }

    @Test
    void thinkingModelYieldsItsFinalImageNotTheInterimThought() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("gemini-3-pro-image-preview").with(p -> p.aspectRatio("1:1").imageSize("2K")).build()));

        // The thought image comes first at half size; the final one is 2K.
        assertThat(result.images()).singleElement()
                .satisfies(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("2048x2048"));
    }

    @Test
    void severalImagesAreSeveralCallsOneAfterTheOther() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("gemini-2.5-flash-image").with(p -> p.n(3)).build()));

        assertThat(result.images()).hasSize(3);
        assertThat(upstream.generations(GEMINI)).isEqualTo(3);
    }

    @Test
    void editSendsTheInputImagesInline() {
        GenerationResult result = Outcomes.success(provider.generate(aCallFor("gemini-2.5-flash-image")
                .prompt("make the fox blue")
                .with(p -> p.aspectRatio("3:2"))
                .inputImage(TestImages.png(120, 80))
                .inputImage(TestImages.png(80, 80))
                .build()));

        assertThat(result.images()).singleElement()
                .satisfies(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1248x832"));
    }

    @Test
    void blockedPromptIsPermanentContentModerationAndNotRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gemini-2.5-flash-image").prompt("[sim:moderate-input] a fox").with(p -> p.n(2)).build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(failure.getMessage()).contains("PROHIBITED_CONTENT");
        assertThat(upstream.generations(GEMINI)).as("the second image is never asked for").isEqualTo(1);
    }

    @Test
    void withheldOutputIsPermanentContentModeration() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gemini-2.5-flash-image").prompt("[sim:moderate-output] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(failure.getMessage()).contains("IMAGE_SAFETY");
    }

    @Test
    void answerInWordsOnlyIsPermanent() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gemini-2.5-flash-image").prompt("[sim:text-only] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
    }

    @Test
    void rateLimitSnoozesForTheRetryDelayInTheBody() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gemini-2.5-flash-image").prompt("[sim:429:retry-after=19] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(19));
    }

    @Test
    void exhaustedDailyQuotaIsPermanentDespiteItsShortRetryDelay() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gemini-2.5-flash-image").prompt("[sim:insufficient-credits] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_quota_exhausted");
    }

    @Test
    void overloadedModelIsRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("gemini-2.5-flash-image").prompt("[sim:error-503] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_unavailable");
    }

    @Test
    void unansweredCallTimesOutAsARetry() {
        var impatient = new GeminiImageProvider(upstream.http(),
                upstream.settings().withRequestTimeout(Duration.ofMillis(300)));

        ProviderFailure failure = Outcomes.failure(impatient.generate(
                aCallFor("gemini-2.5-flash-image").prompt("[sim:hang] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }
}
