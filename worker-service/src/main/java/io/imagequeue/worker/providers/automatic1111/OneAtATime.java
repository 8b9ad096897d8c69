package io.imagequeue.worker.providers.automatic1111;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous calls strictly one after the other, in the order they were subscribed, without
 * holding a thread while they wait. An AUTOMATIC1111 server generates one image at a time and keeps
 * every other request's connection open meanwhile; queueing here instead means a call's timeout only
 * starts when the server is free for it.
 *
 * <p>A stand-in until the global per-model concurrency limiter exists.
 */
final class OneAtATime {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    <T> Uni<T> run(Supplier<Uni<T>> call) {
        // Deferred: a place in line is taken on subscription, so an unsubscribed Uni never blocks the line.
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> previous = enqueue(mine);
            return Uni.createFrom().completionStage(previous)
                    .flatMap(ignored -> call.get())
                    // Success, failure or cancellation: the next call may go.
                    .onTermination().invoke(() -> mine.complete(null));
        });
    }

    private synchronized CompletableFuture<Void> enqueue(CompletableFuture<Void> mine) {
        CompletableFuture<Void> previous = tail;
        tail = mine;
        return previous;
    }
}
