package io.imagequeue.simulator.fault;

/**
 * A {@code [sim:…]} marker or {@code x-sim-fault} entry the simulator does not know: a test-authoring mistake
 * that must fail loudly rather than silently produce a normal answer.
 */
public final class UnknownFaultException extends RuntimeException {

    public UnknownFaultException(String message) {
        super(message);
    }
}
