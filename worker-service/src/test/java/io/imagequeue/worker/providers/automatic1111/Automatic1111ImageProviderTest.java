package io.imagequeue.worker.providers.automatic1111;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.calls.CallRecord;
import io.imagequeue.worker.providers.Calls;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.Outcomes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.SimulatedUpstream;
import io.imagequeue.worker.providers.TestImages;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Automatic1111ImageProviderTest {

    private static final String A1111 = "automatic1111";
    /** A checkpoint the simulated WebUI has installed. */
    private static final String SIMULATED_CHECKPOINT = "v1-5-pruned-emaonly.safetensors";

    @RegisterExtension
    static final SimulatedUpstream upstream = new SimulatedUpstream();

    private Automatic1111ImageProvider provider;

    @BeforeEach
    void newProvider() {
        provider = new Automatic1111ImageProvider(upstream.http(), upstream.settings());
    }

    private static Calls aCallForTheSimulatedCheckpoint() {
        return aCallFor("stable-diffusion-v1-5-pruned.safetensors").model(Automatic1111ImageProviderTest::onSimulatedCheckpoint);
    }

    private static ModelSpec onSimulatedCheckpoint(ModelSpec spec) {
        return onCheckpoint(spec, SIMULATED_CHECKPOINT);
    }

    private static ModelSpec onCheckpoint(ModelSpec spec, String checkpoint) {
        return new ModelSpec(spec.id(), spec.aliases(), spec.provider(), checkpoint, spec.sizeRule(),
                spec.maxN(), spec.supportedParams(), spec.features(), spec.capabilities(), spec.limits(), spec.prices(),
                spec.defaultQuality(), spec.maxPromptLength(), spec.paramValues(), spec.maxInputImages(), spec.megapixelPrices());
    }

    @Test
    void txt2imgReturnsEveryImageOfTheBatchAtTheRequestedSize() {
        GenerationResult result = Outcomes.success(provider.generate(aCallForTheSimulatedCheckpoint()
                .with(p -> p.width(640).height(512).n(2).seed(1234L).numInferenceSteps(20).cfgScale(6.5)
                        .negativePrompt("blurry"))
                .build()));

        assertThat(result.images()).hasSize(2)
                .allSatisfy(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("640x512"));
        assertThat(upstream.calls().generations(A1111, "v1-5-pruned-emaonly")).hasSize(1);
    }

    @Test
    void checkpointTheServerDoesNotHaveIsPermanent() {
        ProviderFailure failure = Outcomes.failure(provider.generate(aCallFor("Realistic_Vision_V5.1")
                .model(spec -> onCheckpoint(spec, "no_such_checkpoint_v9.safetensors")).build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("provider_model_unavailable");
    }

    @Test
    void callsToOneServerGoOneAtATime() {
        var call = aCallForTheSimulatedCheckpoint().prompt("[sim:latency=300] a fox").build();

        List<GenerationResult> results = Uni.join()
                .all(provider.generate(call), provider.generate(call), provider.generate(call))
                .andFailFast().await().atMost(Duration.ofSeconds(20));

        assertThat(results).hasSize(3);
        List<CallRecord> generations = upstream.callsOf(A1111, CallKind.GENERATE);
        assertThat(generations).hasSize(3);
        for (int i = 1; i < generations.size(); i++) {
            CallRecord previous = generations.get(i - 1);
            // Each call reaches the server only once the previous one has been answered.
            assertThat(generations.get(i).atMs()).isGreaterThanOrEqualTo(previous.atMs() + previous.durationMs());
        }
    }

    @Test
    void unansweredCallTimesOutAsARetryAndFreesTheServerForTheNext() {
        var impatient = new Automatic1111ImageProvider(upstream.http(),
                upstream.settings().withRequestTimeout(Duration.ofMillis(300)));

        ProviderFailure failure = Outcomes.failure(impatient.generate(
                aCallForTheSimulatedCheckpoint().prompt("[sim:hang] a fox").build()));
        GenerationResult next = Outcomes.success(impatient.generate(aCallForTheSimulatedCheckpoint().build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(next.images()).hasSize(1);
    }

    @Test
    void outOfMemoryOnTheServerIsRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallForTheSimulatedCheckpoint().prompt("[sim:error-500] a fox").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.getMessage()).contains("OutOfMemoryError");
    }
}
