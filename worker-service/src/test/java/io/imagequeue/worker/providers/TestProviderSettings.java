package io.imagequeue.worker.providers;

import io.imagequeue.worker.config.WorkerConfig;
import java.time.Duration;
import java.util.Optional;

/** One provider's settings for a test, with timeouts short enough that failing cases end quickly. */
public record TestProviderSettings(String baseUrl, Optional<String> apiKey, Duration requestTimeout,
                                   Duration taskTimeout, Duration pollInterval)
        implements WorkerConfig.ProviderSettings {

    public static final String KEY = "sk-test-0123456789abcdef";

    public static TestProviderSettings pointingAt(String baseUrl) {
        return new TestProviderSettings(baseUrl, Optional.of(KEY), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMillis(20));
    }

    public TestProviderSettings withApiKey(String key) {
        return new TestProviderSettings(baseUrl, Optional.ofNullable(key), requestTimeout, taskTimeout, pollInterval);
    }

    public TestProviderSettings withRequestTimeout(Duration value) {
        return new TestProviderSettings(baseUrl, apiKey, value, taskTimeout, pollInterval);
    }

    public TestProviderSettings withTaskTimeout(Duration value) {
        return new TestProviderSettings(baseUrl, apiKey, requestTimeout, value, pollInterval);
    }

    public TestProviderSettings withPollInterval(Duration value) {
        return new TestProviderSettings(baseUrl, apiKey, requestTimeout, taskTimeout, value);
    }
}
