package io.imagequeue.api.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.admission.Admission;
import io.imagequeue.api.admission.TaskAdmissions;
import io.imagequeue.api.config.ApiConfig;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.errors.ErrorResponses;
import io.imagequeue.api.http.TaskTags;
import io.imagequeue.api.outbox.JobPublisher;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.task.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The one path every generation request takes, sync or async: write the task and its outbox row,
 * publish the job, then answer 202 at once or wait for the task to finish.
 */
@ApplicationScoped
public class TaskSubmissions {

    public static final String REPLAYED_HEADER = "Idempotency-Replayed";

    private final TaskAdmissions admissions;
    private final TaskRepository tasks;
    private final JobPublisher publisher;
    private final TaskCompletions completions;
    private final TaskViews views;
    private final TaskResults results;
    private final ObjectMapper json;
    private final ApiConfig config;
    private final MeterRegistry registry;

    public TaskSubmissions(TaskAdmissions admissions, TaskRepository tasks, JobPublisher publisher, TaskCompletions completions,
                           TaskViews views, TaskResults results, ObjectMapper json, ApiConfig config,
                           MeterRegistry registry) {
        this.registry = registry;
        this.admissions = admissions;
        this.tasks = tasks;
        this.publisher = publisher;
        this.completions = completions;
        this.views = views;
        this.results = results;
        this.json = json;
        this.config = config;
    }

    public Uni<Response> submit(Submission submission) {
        NewTask task = new NewTask(submission.taskId(), submission.tenantId(), submission.endpoint(),
                submission.model(), submission.topic(), submission.priority(), toJson(submission),
                submission.idempotencyKey(), submission.requestHash(), submission.keyId(), submission.unitPrice(),
                submission.worstCaseCost());
        return admissions.admit(task)
                .flatMap(admission -> switch (admission) {
                    case Admission.Created created -> created(task, submission, created)
                            .map(response -> withHeaders(response, created.quota().headers()));
                    case Admission.Replayed replayed -> replayed(submission, replayed.existing());
                    case Admission.Refused refused -> throw refused.refusal().toException();
                });
    }

    private Uni<Response> created(NewTask task, Submission submission, Admission.Created created) {
        Counter.builder("imagequeue.tasks.submitted").description("Tasks accepted into the queue")
                .tag("model", task.model()).tag("endpoint", task.endpoint()).register(registry).increment();
        TaskRecord queued = new TaskRecord(task.id(), task.tenantId(), task.endpoint(), task.model(), TaskStatus.QUEUED,
                task.requestJson(), null, 0, Instant.now().getEpochSecond(), null, null, task.requestHash());
        if (submission.async()) {
            publisher.publishAfterCommit(task.id(), task.topic(), created.outboxId(), created.payload());
            return Uni.createFrom().item(accepted(queued, false));
        }
        Uni<Boolean> finished = completions.awaitTerminal(task.id(), config.tasks().syncWait());
        publisher.publishAfterCommit(task.id(), task.topic(), created.outboxId(), created.payload());
        return finished.flatMap(done -> answerSync(task.tenantId(), task.id(), done, false));
    }

    private Uni<Response> replayed(Submission submission, TaskRecord existing) {
        // The request is about the task the idempotency key made, not the draft it would have made.
        TaskTags.tag(existing.id());
        if (!Objects.equals(existing.requestHash(), submission.requestHash())
                || !existing.endpoint().equals(submission.endpoint())) {
            throw new ApiException(ErrorType.CONFLICT, "idempotency_key_reused", null,
                    "This Idempotency-Key was already used with a different request body.");
        }
        if (submission.async()) {
            return Uni.createFrom().item(accepted(existing, true));
        }
        if (existing.status().isTerminal()) {
            return answerSync(existing.tenantId(), existing.id(), true, true);
        }
        return completions.awaitTerminal(existing.id(), config.tasks().syncWait())
                .flatMap(done -> answerSync(existing.tenantId(), existing.id(), done, true));
    }

    private Uni<Response> answerSync(String tenantId, String taskId, boolean finished, boolean replayed) {
        if (!finished) {
            throw new ApiException(ErrorType.TIMEOUT, "task_still_running", null,
                    "The task did not finish within the synchronous wait; poll its status_url.",
                    Map.of("Location", TaskViews.statusUrl(taskId)),
                    Map.of("task_address", taskId, "status_url", TaskViews.statusUrl(taskId)));
        }
        return tasks.find(tenantId, taskId).flatMap(found -> {
            TaskRecord task = found.orElseThrow(() -> new IllegalStateException("task vanished: " + taskId));
            return switch (task.status()) {
                case SUCCEEDED -> results.render(task).map(body -> withReplayHeader(Response.ok(body), replayed));
                case FAILED -> Uni.createFrom().item(failed(task));
                case CANCELED -> Uni.createFrom().item(ErrorResponses.of(ErrorType.CONFLICT, "task_canceled",
                        "The task was canceled before it finished."));
                case EXPIRED -> Uni.createFrom().item(ErrorResponses.of(ErrorType.NOT_FOUND, "task_expired",
                        "The task's images were deleted at the end of retention."));
                case QUEUED, RUNNING -> Uni.createFrom().failure(new IllegalStateException("woken before terminal"));
            };
        });
    }

    private Response failed(TaskRecord task) {
        Map<String, Object> error = views.error(task);
        ErrorType type = ErrorType.PROVIDER;
        for (ErrorType candidate : ErrorType.values()) {
            if (candidate.wire().equals(error.get("type"))) {
                type = candidate;
                break;
            }
        }
        return ErrorResponses.of(new ApiException(type, String.valueOf(error.get("code")), null,
                String.valueOf(error.get("message")), Map.of(), Map.of("task_address", task.id())));
    }

    private static Response accepted(TaskRecord task, boolean replayed) {
        Response.ResponseBuilder response = Response.status(Response.Status.ACCEPTED)
                .location(URI.create(TaskViews.statusUrl(task.id())))
                .entity(TaskViews.accepted(task));
        return withReplayHeader(response, replayed);
    }

    private static Response withHeaders(Response response, Map<String, String> headers) {
        Response.ResponseBuilder copy = Response.fromResponse(response);
        headers.forEach(copy::header);
        return copy.build();
    }

    private static Response withReplayHeader(Response.ResponseBuilder response, boolean replayed) {
        if (replayed) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    private String toJson(Submission submission) {
        try {
            return json.writeValueAsString(submission.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request not serialisable", e);
        }
    }
}
