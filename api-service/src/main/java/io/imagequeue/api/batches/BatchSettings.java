package io.imagequeue.api.batches;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the batch driver paces itself. */
@ConfigMapping(prefix = "imagequeue.batches")
public interface BatchSettings {

    /** How often each replica looks for batches to move on ({@code off} runs no round on a timer). */
    @WithDefault("2s")
    String driveEvery();

    /** How long a batch waits before a driver looks at it again: while its tasks run, after a failed step. */
    @WithDefault("2s")
    Duration revisitAfter();
}
