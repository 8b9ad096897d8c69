package io.imagequeue.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of a worker, each overridable by an {@code IMAGEQUEUE_…} environment variable. */
@ConfigMapping(prefix = "imagequeue")
public interface WorkerConfig {

    Storage storage();

    Dispatch dispatch();

    Retry retry();

    /** Upstream providers by key ({@code bfl}, {@code openai}, …). */
    Map<String, ProviderSettings> providers();

    Kafka kafka();

    RateLimit rateLimit();

    /** The global per-model limits on upstream calls. */
    interface RateLimit {
        /**
         * Overrides of the catalog's limits, as {@code model=requestsPerMinute/maxConcurrent} pairs
         * separated by commas (for example {@code dall-e-3=5/2,black-forest-labs/FLUX-2-pro=60/24}).
         * Every worker writes the effective limits to the shared bucket row at start-up, so all
         * replicas must be given the same overrides.
         */
        Optional<String> overrides();

        /**
         * Added to the 60-second window. Every call is stamped by PostgreSQL's clock just before it
         * is sent, so no worker's clock counts, and a request that leaves the worker more than
         * 100 ms after its stamp has the stamp moved later (SendDelays). What the margin covers is
         * the rest of the spread of the delay from stamp to the provider's arrival (network, the
         * provider's front end) between the oldest call of a window and the call that replaces it.
         * That rest passed 1 s once, in a burst on saturated cores, so the default is 2 s. Costs
         * margin / (60 s + margin) of the limit: 2 s keeps 96.8 %. See docs/decisions.md.
         */
        @WithDefault("PT2S")
        Duration windowMargin();

        /**
         * Jobs of one model a worker keeps waiting for a permit. A full lane pauses the Kafka
         * partitions its jobs come from (per model topic, so other models keep flowing) and resumes
         * them at half; records fetched before the pause took effect are held too (up to this plus
         * two polls' worth, {@code max.poll.records}), and only past that deferred through the outbox.
         */
        @WithDefault("64")
        int laneCapacity();

        /** How often a lane whose model is at its concurrency limit asks again. */
        @WithDefault("PT0.25S")
        Duration pollInterval();
    }

    interface Storage {
        String endpoint();

        String accessKey();

        String secretKey();

        @WithDefault("imagequeue")
        String bucket();

        @WithDefault("us-east-1")
        String region();

        /**
         * How long an upload (or a read of a task's input images) is retried in place while the store
         * does not answer, before the attempt gives up and the task is retried as a new attempt (which
         * calls the provider again). The images wait in memory and the task keeps its lease meanwhile.
         */
        @WithDefault("PT2M")
        Duration retryWindow();

        /** First pause between two tries of a store operation; doubles each try. */
        @WithDefault("PT0.5S")
        Duration retryInitialBackoff();

        /** Longest pause between two tries of a store operation. */
        @WithDefault("PT5S")
        Duration retryMaxBackoff();
    }

    interface Dispatch {
        /** Tasks one worker holds in flight at once; slow providers are awaited without a thread each. */
        @WithDefault("512")
        int maxInFlight();

        /** How long a claimed task stays this worker's without a renewal; a dead worker's tasks return after it. */
        @WithDefault("PT60S")
        Duration lease();

        /** How often leases of tasks in flight are renewed; well under {@link #lease()}. */
        @WithDefault("PT15S")
        Duration leaseRenewal();

        /** How long a worker told to stop waits for its tasks in flight before handing them back. */
        @WithDefault("PT30S")
        Duration drainTimeout();

        /**
         * Which task a job that got an upstream permit runs. True (the default): the lane's next task
         * by weighted fair queueing between tenants, chosen in the database (docs/fair-share.md), so
         * the job is only a wake-up. False: the job's own task, in Kafka's order.
         */
        @WithDefault("true")
        boolean fairShare();
    }

    interface Retry {
        /** First backoff after a retryable failure; doubles each attempt, with jitter. */
        @WithDefault("PT2S")
        Duration initialBackoff();

        @WithDefault("PT60S")
        Duration maxBackoff();

        /** Wait after an upstream 429 that named no Retry-After. */
        @WithDefault("PT5S")
        Duration defaultSnooze();
    }

    interface Kafka {
        /** Partitions of each model's topic when the worker creates it. */
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    /** Where one provider is and how to call it. */
    interface ProviderSettings {
        String baseUrl();

        Optional<String> apiKey();

        /** Longest single HTTP call to the provider. */
        @WithDefault("PT120S")
        Duration requestTimeout();

        /** Longest wait for an asynchronous provider's task to finish. */
        @WithDefault("PT10M")
        Duration taskTimeout();

        /** Pause between status polls of an asynchronous provider. */
        @WithDefault("PT0.5S")
        Duration pollInterval();
    }
}
