package io.imagequeue.worker.providers.stability;

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

class StabilityImageProviderTest {

    private static final String STABILITY = "stability";

    @RegisterExtension
    static final SimulatedUpstream upstream = new SimulatedUpstream();

    private StabilityImageProvider provider;

    @BeforeEach
    void newProvider() {
        provider = new StabilityImageProvider(upstream.http(), upstream.settings());
    }

    @Test
    void sdxlGenerationReturnsEverySampleOfOneCallAtTheRequestedSize() {
        GenerationResult result = Outcomes.success(provider.generate(aCallFor("stable-diffusion-xl")
                .with(p -> p.size("1152x896").n(2).seed(42L).cfgScale(7.5).numInferenceSteps(20)
                        .negativePrompt("blurry"))
                .build()));

        assertThat(result.images()).hasSize(2)
                .allSatisfy(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1152x896"));
        assertThat(upstream.calls().generations(STABILITY, "stable-diffusion-xl-1024-v1-0")).hasSize(1);
    }

    @Test
    void filteredOutputIsPermanentEvenThoughBytesCameBack() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("stable-diffusion-xl").prompt("[sim:moderate-output] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(upstream.generations(STABILITY)).isEqualTo(1);
    }

    @Test
    void promptWithFilteredWordsIsPermanentContentModeration() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("stable-diffusion-xl").prompt("[sim:moderate-input] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
    }

    @Test
    void rateLimitSnoozesForStabilitysLockout() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("stable-diffusion-xl").prompt("[sim:429] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(60));
    }

    @Test
    void noCreditsIsPermanent() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("stable-diffusion-xl").prompt("[sim:insufficient-credits] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_quota_exhausted");
    }

    @Test
    void serverErrorIsRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("stable-diffusion-xl").prompt("[sim:error-500] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_unavailable");
    }

    @Test
    void truncatedAnswerIsRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("stable-diffusion-xl").prompt("[sim:malformed] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_bad_response");
    }
}
