package io.imagequeue.worker.providers.bfl;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.Outcomes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.SimulatedUpstream;
import io.imagequeue.worker.providers.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The finished BFL adapter against the simulator, which hands out polling URLs on another host name. */
class BflImageProviderTest {

    private static final String BFL = "bfl";

    @RegisterExtension
    static final SimulatedUpstream upstream = new SimulatedUpstream();

    private BflImageProvider provider;

    @BeforeEach
    void newProvider() {
        provider = new BflImageProvider(upstream.http(), configWith(upstream.settings()));
    }

    /** BflImageProvider only takes the whole worker config; a proxy answers just providers(). */
    private static WorkerConfig configWith(WorkerConfig.ProviderSettings settings) {
        return (WorkerConfig) java.lang.reflect.Proxy.newProxyInstance(WorkerConfig.class.getClassLoader(),
                new Class<?>[] {WorkerConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "providers" -> Map.of(BFL, settings);
                    case "toString" -> "test config";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void taskIsSubmittedOncePolledAtItsPollingUrlAndDownloaded() {
        GenerationResult result = Outcomes.success(provider.generate(
                aCallFor("flux-1.1-pro").prompt("[sim:latency=1500] a fox").with(p -> p.size("1024x768")).build()));

        assertThat(result.images()).singleElement()
                .satisfies(image -> assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("1024x768"));
        assertThat(upstream.generations(BFL)).isEqualTo(1);
        assertThat(upstream.callsOf(BFL, CallKind.POLL)).hasSizeGreaterThan(1);
    }

    @Test
    void progressOfAPendingTaskIsReportedAsItRises() {
        List<Double> reports = new CopyOnWriteArrayList<>();

        Outcomes.success(provider.generate(aCallFor("flux-1.1-pro").prompt("[sim:latency=1000] a fox")
                .with(p -> p.size("1024x768")).build().withProgress(reports::add)));

        assertThat(reports).hasSizeGreaterThan(1).isSorted().allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0));
        assertThat(reports.get(reports.size() - 1)).isGreaterThan(reports.get(0));
    }

    @Test
    void moderatedRequestIsPermanentAndNotRetried() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("flux-1.1-pro").prompt("[sim:moderate-input] a fox").with(p -> p.size("1024x768")).build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(failure.code()).isEqualTo("content_moderated");
        assertThat(upstream.generations(BFL)).isEqualTo(1);
    }

    @Test
    void tooManyActiveTasksIsASnooze() {
        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("flux-1.1-pro").prompt("[sim:429:retry-after=3] a fox").with(p -> p.size("1024x768")).build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(failure.retryAfter()).isPresent();
    }

    @Test
    void aTaskStillPendingWhenItsTimeoutPassesIsARetryableTimeoutAfterPollingAtTheInterval() {
        provider = new BflImageProvider(upstream.http(),
                configWith(upstream.settings().withTaskTimeout(Duration.ofMillis(400))));

        ProviderFailure failure = Outcomes.failure(provider.generate(
                aCallFor("flux-1.1-pro").prompt("[sim:latency=5000] a fox").with(p -> p.size("1024x768")).build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_timeout");
        assertThat(upstream.generations(BFL)).isEqualTo(1);
        // Never faster than the 20 ms interval allows in 400 ms (a slow machine polls less).
        assertThat(upstream.callsOf(BFL, CallKind.POLL)).hasSizeBetween(1, 21);
    }
}
