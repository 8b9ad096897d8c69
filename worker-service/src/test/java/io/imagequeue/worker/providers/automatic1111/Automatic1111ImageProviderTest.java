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
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void progressIsPolledWhileTheJobRunsAndReportedAsItRises() {
        List<Double> reports = new CopyOnWriteArrayList<>();

        GenerationResult result = Outcomes.success(provider.generate(aCallForTheSimulatedCheckpoint()
                .prompt("[sim:latency=1200] a fox").with(p -> p.numInferenceSteps(20)).build().withProgress(reports::add)));

        assertThat(result.images()).hasSize(1);
        assertThat(reports).hasSizeGreaterThan(1).isSorted().allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0));
        assertThat(reports.get(reports.size() - 1)).isGreaterThan(reports.get(0));
        assertThat(upstream.callsOf(A1111, CallKind.META)).anySatisfy(call ->
                assertThat(call.path()).isEqualTo("/sdapi/v1/progress"));
    }

    @Test
    void theProgressOfAnotherClientsJobOnTheServerIsNotReported() {
        // Someone else's job holds the server; ours waits behind it and then runs in no time.
        CompletableFuture<java.net.http.HttpResponse<String>> theirs = theirJob("[sim:latency=800] their fox");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> serverProgress().contains("\"current_task\":\"someone-else\""));
        List<Double> reports = new CopyOnWriteArrayList<>();

        Outcomes.success(provider.generate(aCallForTheSimulatedCheckpoint().prompt("[sim:latency=0] our fox")
                .build().withProgress(reports::add)));

        assertThat(theirs.join().statusCode()).isEqualTo(200);
        // Their job climbed to 0.99 while we polled; at most our own instant job's first step was ours to see.
        assertThat(reports).allSatisfy(share -> assertThat(share).isLessThanOrEqualTo(0.01));
    }

    @Test
    void noProgressIsPolledForACallNobodyWatches() {
        Outcomes.success(provider.generate(aCallForTheSimulatedCheckpoint().prompt("[sim:latency=300] a fox").build()));

        assertThat(upstream.callsOf(A1111, CallKind.META)).noneSatisfy(call ->
                assertThat(call.path()).isEqualTo("/sdapi/v1/progress"));
    }

    private static CompletableFuture<java.net.http.HttpResponse<String>> theirJob(String prompt) {
        String body = "{\"prompt\":\"" + prompt + "\",\"width\":64,\"height\":64,\"force_task_id\":\"someone-else\"}";
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create(upstream.simulator().baseUrl() + "/sdapi/v1/txt2img"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String serverProgress() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(upstream.simulator().baseUrl() + "/sdapi/v1/progress")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
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
