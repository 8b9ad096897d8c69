package io.imagequeue.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** Settings of the API service, each overridable by an {@code IMAGEQUEUE_…} environment variable. */
@ConfigMapping(prefix = "imagequeue")
public interface ApiConfig {

    Storage storage();

    Tasks tasks();

    Bootstrap bootstrap();

    Auth auth();

    Admin admin();

    Limits limits();

    /** The S3-compatible store that holds every image. */
    interface Storage {
        String endpoint();

        String accessKey();

        String secretKey();

        @WithDefault("imagequeue")
        String bucket();

        @WithDefault("us-east-1")
        String region();

        /** How long a presigned image link handed to a client stays valid. */
        @WithDefault("PT1H")
        Duration linkTtl();

        /**
         * Bytes of base64 images the API keeps in memory for answers that carry images inline, so
         * that polling a finished task does not read the store again; 0 turns it off.
         */
        @WithDefault("32M")
        MemorySize inlineImageCache();
    }

    /** How tasks are created and waited for. */
    interface Tasks {
        /** How long a synchronous call waits for its task before answering 504 with the task address. */
        @WithDefault("PT5M")
        Duration syncWait();

        /** Attempts a task may spend on retryable provider failures before it fails. */
        @WithDefault("5")
        int maxAttempts();

        /** A task not finished this long after it was created fails with {@code deadline_exceeded}. */
        @WithDefault("PT30M")
        Duration deadline();

        /**
         * How long the outbox relay leaves a freshly written row to the API's own publish before it
         * republishes it; a crash between commit and publish is repaired after this delay.
         */
        @WithDefault("PT10S")
        Duration outboxGrace();
    }

    /** A tenant and key created at start-up when missing: for local runs and tests, never production. */
    interface Bootstrap {
        Optional<String> apiKey();

        @WithDefault("local")
        String tenant();

        /**
         * Credits the bootstrap tenant receives once, when it has never had them (a ledger row noted
         * {@code bootstrap} remembers it): enough for local runs; tests set more.
         */
        @WithDefault("100.00")
        BigDecimal credits();
    }

    /**
     * The operators' credential for {@code /admin}. Unset, the admin endpoints answer 404: there is
     * no default token, so a deployment without one has no admin surface at all.
     */
    interface Admin {
        Optional<String> token();
    }

    /** Per-key limits for keys that do not set their own ({@code api_keys} columns override them). */
    interface Limits {
        /** Generation requests a key may submit per one-minute window, across every API replica. */
        @WithDefault("600")
        int requestsPerMinute();

        /** Tasks of a key that may be queued or running at once. */
        @WithDefault("100")
        int maxInFlight();
    }

    interface Auth {
        /** How long a verified key is trusted without asking the database again (revocation delay). */
        @WithDefault("PT10S")
        Duration cacheTtl();
    }
}
