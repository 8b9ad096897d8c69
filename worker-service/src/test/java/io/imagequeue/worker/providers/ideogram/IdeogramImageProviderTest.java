package io.imagequeue.worker.providers.ideogram;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.Outcomes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.SimulatedUpstream;
import io.imagequeue.worker.providers.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdeogramImageProviderTest {

    private static final String IDEOGRAM = "ideogram";

    @RegisterExtension
    static final SimulatedUpstream upstream = new SimulatedUpstream();

    private IdeogramImageProvider provider;

    @BeforeEach
    void newProvider() {
        provider = new IdeogramImageProvider(upstream.http(), upstream.settings());
    }

    @Test
    void v2GenerationDownloadsTheImageAtOnceWithTheRewrittenPrompt() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("ideogram-v2").with(p -> p.seed(5L).negativePrompt("text")).build()));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1024x1024");
            assertThat(image.revisedPrompt()).startsWith("a red fox in the snow");
        });
        assertThat(upstream.calls().generations(IDEOGRAM, "V_2")).hasSize(1);
        assertThat(upstream.callsOf(IDEOGRAM, CallKind.DOWNLOAD)).hasSize(1);
    }

    @Test
    void unsafeOutputWithoutUrlIsPermanentContentModeration() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("ideogram-v2").prompt("[sim:moderate-output] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(upstream.callsOf(IDEOGRAM, CallKind.DOWNLOAD)).isEmpty();
    }

    @Test
    void promptFailingTheSafetyCheckIsPermanentContentModeration() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("ideogram-v2").prompt("[sim:moderate-input] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(upstream.generations(IDEOGRAM)).isEqualTo(1);
    }

    @Test
    void tooManyRequestsIsASnooze() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("ideogram-v2").prompt("[sim:429] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
    }

    @Test
    void serverErrorIsRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("ideogram-v2").prompt("[sim:error-503] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }

    @Test
    void refusedKeyIsPermanent() {
        var noKey = new IdeogramImageProvider(upstream.http(), upstream.settings().withApiKey(null));

        ProviderFailure failure = Outcomes.failure(noKey.generate(aCallFor("ideogram-v2").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_auth_failed");
    }
}
