package io.imagequeue.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the API service, each overridable by an {@code IMAGEQUEUE_…} environment variable. */
@ConfigMapping(prefix = "imagequeue")
public interface ApiConfig {

    Storage storage();

    Tasks tasks();

    Bootstrap bootstrap();

    Auth auth();

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
    }

    interface Auth {
        /** How long a verified key is trusted without asking the database again (revocation delay). */
        @WithDefault("PT10S")
        Duration cacheTtl();
    }
}
