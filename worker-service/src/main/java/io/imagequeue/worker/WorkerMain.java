package io.imagequeue.worker;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import sun.misc.Signal;

/**
 * The worker's entry point: Quarkus as usual, except that SIGTERM starts the orderly stop (the
 * drain, then the consumer and pools) and the process exits 0 once it is done. With the JVM's own
 * SIGTERM handling a worker exits 143 even after a complete drain, so every pod a rolling update
 * replaces would look as if it had failed. A worker that does not stop within the grace period is
 * SIGKILLed as before.
 */
@QuarkusMain
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String... args) {
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        Quarkus.run(args);
    }
}
