package io.imagequeue.worker.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long stored images are kept, and how the sweeper that deletes them runs. */
@ConfigMapping(prefix = "imagequeue.retention")
public interface RetentionConfig {

    /**
     * How long after a task finished its images (and its input images) stay in the object store.
     * Then they are deleted and a succeeded task becomes {@code expired}; a failed or canceled one
     * keeps its status and loses only its inputs.
     */
    @WithDefault("P7D")
    Duration images();

    /** How often a worker looks for tasks past retention (one worker at a time sweeps). */
    @WithDefault("PT1M")
    Duration sweepInterval();

    /** Tasks swept per transaction: bounds how long one sweep holds its row locks. */
    @WithDefault("200")
    int batchSize();
}
