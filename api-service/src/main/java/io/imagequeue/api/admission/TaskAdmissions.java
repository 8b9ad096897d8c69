package io.imagequeue.api.admission;

import io.imagequeue.api.config.ApiConfig;
import io.imagequeue.api.tasks.NewTask;
import io.imagequeue.api.tasks.TaskRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The door of this package: admits a new task under its key's limits and its tenant's balance,
 * and answers a submission that reuses an idempotency key with the task that key already made.
 */
@ApplicationScoped
public class TaskAdmissions {

    private final AdmissionBatcher batcher;
    private final TaskRepository tasks;
    private final AdmissionStatement.Settings settings;

    public TaskAdmissions(AdmissionBatcher batcher, TaskRepository tasks, ApiConfig config) {
        this.batcher = batcher;
        this.tasks = tasks;
        this.settings = new AdmissionStatement.Settings(config.tasks().maxAttempts(),
                config.tasks().deadline().toSeconds(), config.tasks().outboxGrace().toSeconds(),
                config.limits().requestsPerMinute(), config.limits().maxInFlight());
    }

    public Uni<Admission> admit(NewTask task) {
        return batcher.admit(task, settings).flatMap(verdict -> switch (verdict) {
            case AdmissionStatement.Verdict.Created created -> Uni.createFrom().<Admission>item(
                    new Admission.Created(created.outboxId(), created.payload(), created.quota()));
            case AdmissionStatement.Verdict.Refused refused -> Uni.createFrom().<Admission>item(
                    new Admission.Refused(refused.refusal()));
            case AdmissionStatement.Verdict.UsedIdempotencyKey ignored ->
                    tasks.findByIdempotencyKey(task.tenantId(), task.idempotencyKey())
                            .map(existing -> existing.<Admission>map(Admission.Replayed::new)
                                    .orElseThrow(() -> new IllegalStateException(
                                            "idempotency key " + task.idempotencyKey() + " used, but no task has it")));
        });
    }
}
