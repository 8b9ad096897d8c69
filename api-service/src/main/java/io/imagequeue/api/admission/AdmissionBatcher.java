package io.imagequeue.api.admission;

import io.imagequeue.api.tasks.NewTask;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Groups concurrent submissions of one API key into batches for {@link AdmissionStatement}.
 *
 * <p>Each key has at most one admission statement in flight from this process. A submission that
 * arrives while one is running waits for it and goes with everything else that arrived meanwhile
 * in the next statement. A lone submission therefore goes at once, and under load the batches grow
 * by themselves: the key's rows are locked once per batch instead of once per task, which is what
 * bounded a busy key to a few hundred submissions per second when each one took the lock itself.
 */
@ApplicationScoped
public class AdmissionBatcher {

    static final int MAX_BATCH = 256;

    private record Pending(NewTask task, UniEmitter<? super AdmissionStatement.Verdict> answer) {
    }

    private final AdmissionStatement statement;
    private final DistributionSummary batchSizes;
    private final ConcurrentHashMap<UUID, KeyLine> lines = new ConcurrentHashMap<>();

    public AdmissionBatcher(AdmissionStatement statement, MeterRegistry registry) {
        this.statement = statement;
        this.batchSizes = DistributionSummary.builder("imagequeue.submit.batch.size")
                .description("Submissions of one key admitted by one database statement")
                .baseUnit("tasks")
                .register(registry);
    }

    /** Admits one submission; the answer comes back on the caller's Vert.x context. */
    public Uni<AdmissionStatement.Verdict> admit(NewTask task, AdmissionStatement.Settings settings) {
        Executor caller = callerContext();
        return Uni.createFrom().<AdmissionStatement.Verdict>emitter(answer -> enqueue(new Pending(task, answer), settings))
                .emitOn(caller);
    }

    private void enqueue(Pending pending, AdmissionStatement.Settings settings) {
        UUID key = pending.task().keyId();
        while (true) {
            KeyLine line = lines.computeIfAbsent(key, k -> new KeyLine(k, pending.task().tenantId(), settings));
            if (line.offer(pending)) {
                return;
            }
            // The line closed itself as idle between lookup and offer: take a fresh one.
            lines.remove(key, line);
        }
    }

    private static Executor callerContext() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return task -> context.runOnContext(ignored -> task.run());
    }

    /** One key's queue: at most one statement in flight, the rest waiting for the next one. */
    private final class KeyLine {
        private final UUID keyId;
        private final String tenantId;
        private final AdmissionStatement.Settings settings;
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private boolean running;
        private boolean closed;

        KeyLine(UUID keyId, String tenantId, AdmissionStatement.Settings settings) {
            this.keyId = keyId;
            this.tenantId = tenantId;
            this.settings = settings;
        }

        /** False when this line already closed: the caller must use a new one. */
        boolean offer(Pending pending) {
            List<Pending> batch;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                waiting.add(pending);
                if (running) {
                    return true;
                }
                running = true;
                batch = takeBatch();
            }
            run(batch);
            return true;
        }

        private void run(List<Pending> batch) {
            batchSizes.record(batch.size());
            List<NewTask> tasks = batch.stream().map(Pending::task).toList();
            Uni.createFrom().deferred(() -> statement.admit(keyId, tenantId, tasks, settings))
                    .subscribe().with(verdicts -> {
                        for (int i = 0; i < batch.size(); i++) {
                            batch.get(i).answer().complete(verdicts.get(i));
                        }
                        next();
                    }, failure -> {
                        batch.forEach(p -> p.answer().fail(failure));
                        next();
                    });
        }

        private void next() {
            List<Pending> batch;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    running = false;
                    closed = true;
                    lines.remove(keyId, this);
                    return;
                }
                batch = takeBatch();
            }
            run(batch);
        }

        private List<Pending> takeBatch() {
            List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
            while (!waiting.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(waiting.poll());
            }
            return batch;
        }
    }
}
