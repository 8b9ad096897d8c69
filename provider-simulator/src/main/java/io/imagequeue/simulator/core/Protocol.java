package io.imagequeue.simulator.core;

import io.imagequeue.simulator.http.Router;

/** One upstream provider's wire protocol: registers its routes on the shared router. */
public interface Protocol {

    /** The provider id used in the call log and in per-provider settings ({@code bfl}, {@code openai}, …). */
    String provider();

    void register(Router router);

    /** Forgets tasks and other per-run state. */
    default void reset() {
    }
}
