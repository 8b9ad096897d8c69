package io.imagequeue.api.batches;

import io.imagequeue.api.auth.AuthenticatedKey;
import io.imagequeue.api.tasks.TaskRecord;
import io.imagequeue.api.tasks.TaskRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The batch driver's rows. A batch is driven under a lease ({@code lease_owner}, {@code lease_until}),
 * claimed with {@code for update skip locked} like webhook deliveries, so API replicas drive
 * different batches at the same time and a replica killed mid-step leaves its batch to another once
 * the lease ran out. Every move is made only while the mover still holds the lease.
 */
@ApplicationScoped
public class BatchStore {

    private static final String CLAIM = """
            with due as (
                select id from batches
                where status in ('validating', 'in_progress', 'finalizing', 'cancelling')
                  and (lease_until is null or lease_until < now())
                order by lease_until nulls first, created_at
                limit :limit
                for update skip locked
            )
            update batches b set lease_owner = :owner, lease_until = now() + make_interval(secs => :lease)
            from due where b.id = due.id
            returning b.id, b.tenant_id, b.api_key_id, b.endpoint, b.status, b.expanded_lines,
                      b.expanded_at is not null, b.expires_at < now(),
                      (select f.object_key from files f where f.id = b.input_file_id)""";

    private final Mutiny.SessionFactory sessions;

    public BatchStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<List<DrivenBatch>> claim(String owner, int limit, Duration lease) {
        return sessions.withTransaction(s -> s.createNativeQuery(CLAIM, Object[].class)
                        .setParameter("limit", limit)
                        .setParameter("owner", owner)
                        .setParameter("lease", (double) lease.toSeconds())
                        .getResultList())
                .map(rows -> rows.stream().map(r -> new DrivenBatch((String) r[0], (String) r[1], (UUID) r[2],
                        (String) r[3], (String) r[4], ((Number) r[5]).intValue(), (Boolean) r[6], (Boolean) r[7],
                        (String) r[8])).toList());
    }

    /**
     * Keeps the lease while the batch is still in {@code status}; false when this driver lost it, or
     * the batch moved on (a cancel), so the driver stops.
     */
    public Uni<Boolean> renew(DrivenBatch batch, String owner, Duration lease, String status) {
        return update(batch, owner, "lease_until = now() + make_interval(secs => :lease)", "status = :status",
                Map.of("lease", (double) lease.toSeconds(), "status", status)).map(n -> n == 1);
    }

    /** Keeps the lease whatever the batch's status; false when this driver lost it. */
    public Uni<Boolean> keep(DrivenBatch batch, String owner, Duration lease) {
        return update(batch, owner, "lease_until = now() + make_interval(secs => :lease)", null,
                Map.of("lease", (double) lease.toSeconds())).map(n -> n == 1);
    }

    /** Lets go of the batch until {@code after} from now, when a driver looks at it again. */
    public Uni<Void> release(DrivenBatch batch, String owner, Duration after) {
        return update(batch, owner, "lease_owner = null, lease_until = now() + make_interval(secs => :after)", null,
                Map.of("after", (double) after.toMillis() / 1000.0)).replaceWithVoid();
    }

    /** The input file passed its check: {@code in_progress}, with its line count as the total. */
    public Uni<Boolean> start(DrivenBatch batch, String owner, int total) {
        return update(batch, owner, "status = 'in_progress', in_progress_at = now(), total = :total",
                "status = 'validating'", Map.of("total", total)).map(n -> n == 1);
    }

    /** The input file failed its check: {@code failed}, with OpenAI's {@code errors} list; nothing was queued. */
    public Uni<Void> fail(DrivenBatch batch, String owner, String errorsJson) {
        return update(batch, owner, """
                        status = 'failed', failed_at = now(), errors = cast(cast(:errors as text) as jsonb),
                        lease_owner = null, lease_until = null""",
                "status = 'validating'", Map.of("errors", errorsJson)).replaceWithVoid();
    }

    public Uni<Void> expandedUpTo(DrivenBatch batch, String owner, int line) {
        return update(batch, owner, "expanded_lines = greatest(expanded_lines, :line)", null, Map.of("line", line))
                .replaceWithVoid();
    }

    public Uni<Void> expanded(DrivenBatch batch, String owner) {
        return update(batch, owner, "expanded_at = now()", null, Map.of()).replaceWithVoid();
    }

    public Uni<Boolean> finalizing(DrivenBatch batch, String owner) {
        return update(batch, owner, "status = 'finalizing', finalizing_at = now()", "status = 'in_progress'", Map.of())
                .map(n -> n == 1);
    }

    /**
     * The batch's end: {@code completed}, {@code cancelled} or {@code expired}, with its files (null
     * when it has no such lines) and counts, in one statement, so a driver that crashed while writing
     * the files simply writes them again.
     */
    public Uni<Void> finish(DrivenBatch batch, String owner, String status, String outputFileId, String errorFileId,
                            int completed, int failed) {
        Map<String, Object> values = new HashMap<>();
        values.put("output", outputFileId);
        values.put("error", errorFileId);
        values.put("completed", completed);
        values.put("failed", failed);
        return update(batch, owner, "status = '" + status + "', " + status + "_at = now(), "
                        + "output_file_id = cast(:output as text), error_file_id = cast(:error as text), "
                        + "completed = :completed, failed = :failed, lease_owner = null, lease_until = null",
                "status in ('in_progress', 'finalizing', 'cancelling')", values).replaceWithVoid();
    }

    private Uni<Integer> update(DrivenBatch batch, String owner, String set, String condition, Map<String, Object> values) {
        String sql = "update batches set " + set + " where id = :id and lease_owner = :owner"
                + (condition == null ? "" : " and " + condition);
        return sessions.withTransaction(s -> {
            var query = s.createNativeQuery(sql).setParameter("id", batch.id()).setParameter("owner", owner);
            values.forEach(query::setParameter);
            return query.executeUpdate();
        });
    }

    /** The key the batch was created with, while it may still submit (not revoked, not expired). */
    public Uni<Optional<AuthenticatedKey>> key(DrivenBatch batch) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                                select tenant_id, array_to_string(allowed_models, ',') from api_keys
                                where id = :key and revoked_at is null and (expires_at is null or expires_at > now())""",
                        Object[].class)
                        .setParameter("key", batch.keyId())
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(r -> {
                    String allowed = (String) r[1];
                    Set<String> models = allowed == null ? null
                            : Set.copyOf(new LinkedHashSet<>(Arrays.asList(allowed.isEmpty() ? new String[0] : allowed.split(","))));
                    return new AuthenticatedKey(batch.keyId(), (String) r[0], models);
                }));
    }

    /** Marks a line's task as the batch's; a line submitted again finds its task already marked. */
    public Uni<Void> link(DrivenBatch batch, String taskId, String customId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update tasks set batch_id = :batch, custom_id = :custom
                                where id = :task and tenant_id = :tenant and batch_id is null""")
                        .setParameter("batch", batch.id())
                        .setParameter("custom", customId)
                        .setParameter("task", taskId)
                        .setParameter("tenant", batch.tenantId())
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> lineError(DrivenBatch batch, BatchLine line, int statusCode, String bodyJson) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into batch_line_errors (batch_id, custom_id, line, status_code, body)
                                values (:batch, :custom, :line, :status, cast(cast(:body as text) as jsonb))
                                on conflict (batch_id, custom_id) do nothing""")
                        .setParameter("batch", batch.id())
                        .setParameter("custom", line.customId())
                        .setParameter("line", line.number())
                        .setParameter("status", statusCode)
                        .setParameter("body", bodyJson)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** How the batch's lines stand: tasks succeeded, lines failed (tasks and refused lines), tasks not yet done. */
    public record Counts(int completed, int failed, int unfinished) {
    }

    public Uni<Counts> counts(DrivenBatch batch) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                                select count(*) filter (where status = 'succeeded'),
                                       count(*) filter (where status in ('failed', 'canceled', 'expired'))
                                           + (select count(*) from batch_line_errors where batch_id = :batch),
                                       count(*) filter (where status in ('queued', 'running'))
                                from tasks where batch_id = :batch""", Object[].class)
                        .setParameter("batch", batch.id())
                        .getSingleResult())
                .map(r -> new Counts(((Number) r[0]).intValue(), ((Number) r[1]).intValue(), ((Number) r[2]).intValue()));
    }

    /** Keeps the counts a client polls current while the batch runs. */
    public Uni<Void> recordCounts(DrivenBatch batch, String owner, Counts counts) {
        return update(batch, owner, "completed = :completed, failed = :failed", null,
                Map.of("completed", counts.completed(), "failed", counts.failed())).replaceWithVoid();
    }

    /** The batch's tasks in {@code statuses} (to cancel them). */
    public Uni<List<String>> tasksIn(DrivenBatch batch, List<String> statuses) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select id from tasks where batch_id = :batch and status in (:statuses)", String.class)
                        .setParameter("batch", batch.id())
                        .setParameter("statuses", statuses)
                        .getResultList());
    }

    /** What became of some lines: their tasks and their refusals, by custom_id. */
    public record LineResults(Map<String, TaskRecord> tasks, Map<String, LineRefusal> refusals) {
    }

    public record LineRefusal(int statusCode, String bodyJson) {
    }

    public Uni<LineResults> results(DrivenBatch batch, List<String> customIds) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + TaskRepository.TASK_COLUMNS + ", custom_id from tasks"
                                        + " where batch_id = :batch and custom_id in (:ids)", Object[].class)
                        .setParameter("batch", batch.id())
                        .setParameter("ids", customIds)
                        .getResultList()
                        .flatMap(taskRows -> s.createNativeQuery("""
                                        select custom_id, status_code, body::text from batch_line_errors
                                        where batch_id = :batch and custom_id in (:ids)""", Object[].class)
                                .setParameter("batch", batch.id())
                                .setParameter("ids", customIds)
                                .getResultList()
                                .map(errorRows -> {
                                    Map<String, TaskRecord> tasks = new HashMap<>();
                                    for (Object[] r : taskRows) {
                                        tasks.put((String) r[r.length - 1], TaskRepository.taskOf(r));
                                    }
                                    Map<String, LineRefusal> refusals = new HashMap<>();
                                    for (Object[] r : errorRows) {
                                        refusals.put((String) r[0], new LineRefusal(((Number) r[1]).intValue(), (String) r[2]));
                                    }
                                    return new LineResults(tasks, refusals);
                                })));
    }
}
