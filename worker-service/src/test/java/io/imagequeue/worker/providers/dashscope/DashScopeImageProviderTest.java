package io.imagequeue.worker.providers.dashscope;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.Outcomes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.SimulatedUpstream;
import io.imagequeue.worker.providers.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DashScopeImageProviderTest {

    private static final String DASHSCOPE = "dashscope";

    @RegisterExtension
    static final SimulatedUpstream upstream = new SimulatedUpstream();

    private DashScopeImageProvider provider;

    @BeforeEach
    void newProvider() {
        provider = new DashScopeImageProvider(upstream.http(), upstream.settings());
    }

    @Test
    void textToImageSubmitsOncePollsAndDownloadsTheResultAtOnce() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("qwen-image").with(p -> p.size("1664x928").seed(7L)).build()));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1664x928");
            assertThat(image.revisedPrompt()).as("the prompt qwen-image rewrote").startsWith("a red fox in the snow,");
        });
        assertThat(upstream.generations(DASHSCOPE)).isEqualTo(1);
        assertThat(upstream.callsOf(DASHSCOPE, CallKind.DOWNLOAD)).hasSize(1);
    }

    @Test
    void squareRequestGetsQwenImagesSquareSize() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("qwen-image").with(p -> p.size("1024x1024")).build()));

        assertThat(TestImages.sizeOf(result.images().get(0).bytes())).isEqualTo("1328x1328");
    }

    @Test
    void slowTaskIsPolledUntilItSucceeds() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("qwen-image").prompt("[sim:latency=2000] a fox").build()));

        assertThat(result.images()).hasSize(1);
        assertThat(upstream.generations(DASHSCOPE)).isEqualTo(1);
        assertThat(upstream.callsOf(DASHSCOPE, CallKind.POLL)).hasSizeGreaterThan(2);
    }

    @Test
    void taskThatNeverFinishesTimesOutAsARetryWithoutResubmitting() {
        var impatient = new DashScopeImageProvider(upstream.http(),
                upstream.settings().withTaskTimeout(Duration.ofMillis(400)));

        ProviderFailure failure = Outcomes.failure(impatient.generate(
                aCallFor("qwen-image").prompt("[sim:stuck] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_timeout");
        assertThat(upstream.generations(DASHSCOPE)).isEqualTo(1);
    }

    @Test
    void outputFailingInspectionIsPermanentContentModeration() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("qwen-image").prompt("[sim:moderate-output] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(failure.getMessage()).contains("DataInspectionFailed");
        assertThat(upstream.generations(DASHSCOPE)).isEqualTo(1);
    }

    @Test
    void inputFailingInspectionIsPermanentContentModeration() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("qwen-image").prompt("[sim:moderate-input] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
    }

    @Test
    void failedTaskIsRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("qwen-image").prompt("[sim:error] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_generation_failed");
    }

    @Test
    void throttlingIsASnooze() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("qwen-image").prompt("[sim:429] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(failure.code()).isEqualTo("rate_limited");
    }

    @Test
    void accountInArrearsIsPermanent() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("qwen-image").prompt("[sim:insufficient-credits] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_quota_exhausted");
    }

    @Test
    void editUsesTheSynchronousApiWithTheInputImage() {
        GenerationResult result = Outcomes.success(provider.generate(aCallFor("qwen-image-edit")
                .prompt("make the fox wear a scarf")
                .inputImage(TestImages.png(150, 100))
                .build()));

        assertThat(result.images()).singleElement().satisfies(image -> {
            String[] size = TestImages.sizeOf(image.bytes()).split("x");
            // The output follows the input's 3:2 shape.
            assertThat(Double.parseDouble(size[0]) / Double.parseDouble(size[1])).isCloseTo(1.5, offset(0.02));
        });
        assertThat(upstream.calls().generations(DASHSCOPE, "qwen-image-edit")).singleElement()
                .satisfies(call -> assertThat(call.path()).isEqualTo("/api/v1/services/aigc/multimodal-generation/generation"));
        assertThat(upstream.callsOf(DASHSCOPE, CallKind.POLL)).isEmpty();
    }
}
