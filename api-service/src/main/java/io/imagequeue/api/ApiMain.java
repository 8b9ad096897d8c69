package io.imagequeue.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import sun.misc.Signal;

/**
 * The API's entry point: Quarkus as usual, except that SIGTERM starts Quarkus' orderly stop (the
 * HTTP server stops taking requests, in-flight ones finish) and the process then exits 0, as the
 * worker does. With the JVM's own SIGTERM handling it exits 143 even after a clean stop, which
 * process supervisors and Kubernetes report as a failure.
 */
@QuarkusMain
public final class ApiMain {

    private ApiMain() {
    }

    public static void main(String... args) {
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        Quarkus.run(args);
    }
}
