package io.imagequeue.api.admission;

import io.imagequeue.api.limits.KeyQuota;
import io.imagequeue.api.limits.Refusal;
import io.imagequeue.api.tasks.NewTask;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.data.Numeric;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits a batch of one key's submissions in one statement: one round trip and one commit however
 * many tasks it carries.
 *
 * <p>The key's usage row and its tenant's row are locked with {@code for update}, which in
 * PostgreSQL returns their newest committed versions, so batches on any number of replicas are
 * counted one after the other and the key's limits and the tenant's balance hold exactly. Inside a
 * batch the submissions are admitted in arrival order while the key's request window, its
 * in-flight limit and the balance allow; the counters then move by what was actually created, so a
 * refused submission moves nothing and nothing needs rolling back.
 *
 * <p>A submission whose idempotency key the tenant already used (before, or earlier in the same
 * batch) is not counted: it is answered with the existing task after the commit.
 *
 * <p>This statement runs on the reactive pool directly rather than through Hibernate: it is the
 * hottest statement of the service, and a prepared statement skips Hibernate's parsing of the
 * query text on every call (see docs/decisions.md).
 */
@ApplicationScoped
public class AdmissionStatement {

    /** What the statement decided for one submission, before any idempotency replay is looked up. */
    public sealed interface Verdict {
        record Created(long outboxId, byte[] payload, KeyQuota quota) implements Verdict {
        }

        record Refused(Refusal refusal) implements Verdict {
        }

        /** The tenant already has a task with this idempotency key: answer that one. */
        record UsedIdempotencyKey() implements Verdict {
        }
    }

    /** Settings every submission of a batch shares. */
    public record Settings(int maxAttempts, long deadlineSeconds, long outboxGraceSeconds,
                           int defaultRequestsPerMinute, int defaultMaxInFlight) {
    }

    private static final TaskJobCodec CODEC = new TaskJobCodec();
    private static final int MAX_REMEMBERED_KEYS = 10_000;

    // Lock order: the key's usage row, then the tenant's row (tenant_now waits for usage_now), the
    // order the cancel statement and the workers' settlement take them in, so they never deadlock.
    private static final String ADMIT = """
            with req as (
                select * from unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                                     $11::text[], $12::numeric[], $13::numeric[], $14::text[], $15::bytea[])
                     with ordinality as r(id, endpoint, model, priority, request, idempotency_key, request_hash,
                                          unit_price, reserve, topic, payload, pos)
            ), usage_now as (
                select window_start, window_count, in_flight from api_key_usage where key_id = $1 for update
            ), win as (
                select greatest(window_start, date_trunc('minute', now())) as start,
                       case when window_start >= date_trunc('minute', now()) then window_count else 0 end as used,
                       in_flight
                from usage_now
            ), limits as (
                select coalesce(requests_per_minute, $3) as rpm, coalesce(max_in_flight, $4) as max_in_flight
                from api_keys where id = $1
            ), tenant_now as (
                select balance from tenants where id = $2 and exists (select 1 from usage_now) for update
            ), fresh as (
                select r.* from req r
                where r.idempotency_key is null
                   or (r.pos = (select min(d.pos) from req d where d.idempotency_key = r.idempotency_key)
                       and not exists (select 1 from tasks t
                                       where t.tenant_id = $2 and t.idempotency_key = r.idempotency_key))
            ), ranked as (
                select f.pos, row_number() over (order by f.pos) as n, sum(f.reserve) over (order by f.pos) as spent
                from fresh f
            ), admitted as (
                select req.* from ranked
                join req on req.pos = ranked.pos
                cross join win cross join limits cross join tenant_now
                where win.used + ranked.n <= limits.rpm
                  and win.in_flight + ranked.n <= limits.max_in_flight
                  and ranked.spent <= tenant_now.balance
            ), created as (
                insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts,
                                   deadline_at, idempotency_key, request_hash, api_key_id,
                                   credit_unit_price, credit_reserved)
                select id, $2, endpoint, model, priority, 'queued', request::jsonb, $16,
                       now() + make_interval(secs => $17), idempotency_key, request_hash, $1, unit_price, reserve
                from admitted
                on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
                returning id, credit_reserved
            ), counted as (
                update api_key_usage set window_start = win.start,
                                         window_count = win.used + (select count(*) from created),
                                         in_flight = win.in_flight + (select count(*) from created)
                from win where key_id = $1 and exists (select 1 from created)
            ), reserved as (
                update tenants set balance = balance - (select sum(credit_reserved) from created),
                                   reserved = reserved + (select sum(credit_reserved) from created)
                where id = $2 and exists (select 1 from created)
            ), ledger as (
                insert into credit_ledger (tenant_id, task_id, kind, amount)
                select $2, id, 'reserve', credit_reserved from created
            ), outbox as (
                insert into task_outbox (task_id, topic, payload, available_at)
                select c.id, r.topic, r.payload, now() + make_interval(secs => $18)
                from created c join req r on r.id = c.id
                returning id, task_id
            )
            select req.pos, outbox.id as outbox_id, ranked.n, fresh_admitted.admitted,
                   win.used, win.in_flight, limits.rpm, limits.max_in_flight,
                   (select count(*) from created) as created_count,
                   ceil(extract(epoch from win.start + interval '1 minute' - now()))::bigint as reset_seconds
            from req
            left join outbox on outbox.task_id = req.id
            left join ranked on ranked.pos = req.pos
            left join lateral (select exists (select 1 from admitted a where a.pos = req.pos) as admitted) fresh_admitted on true
            cross join win cross join limits
            order by req.pos""";

    private static final String ENSURE_USAGE_ROW = """
            insert into api_key_usage (key_id, window_start, window_count, in_flight)
            values ($1, date_trunc('minute', now()), 0, 0)
            on conflict (key_id) do nothing""";

    private final Pool pool;
    /** Keys whose usage row this process has seen exist: the row is never deleted while the key lives. */
    private final Set<UUID> keysWithUsageRow = ConcurrentHashMap.newKeySet();

    public AdmissionStatement(Pool pool) {
        this.pool = pool;
    }

    /**
     * Admits submissions of one key, in their order. Answers one verdict per submission, in the
     * same order.
     */
    public Uni<List<Verdict>> admit(UUID keyId, String tenantId, List<NewTask> batch, Settings settings) {
        int size = batch.size();
        String[] ids = new String[size];
        String[] endpoints = new String[size];
        String[] models = new String[size];
        String[] priorities = new String[size];
        String[] requests = new String[size];
        String[] idempotencyKeys = new String[size];
        String[] requestHashes = new String[size];
        Numeric[] unitPrices = new Numeric[size];
        Numeric[] reserves = new Numeric[size];
        String[] topics = new String[size];
        Buffer[] payloads = new Buffer[size];
        byte[][] payloadBytes = new byte[size][];
        for (int i = 0; i < size; i++) {
            NewTask task = batch.get(i);
            ids[i] = task.id();
            endpoints[i] = task.endpoint();
            models[i] = task.model();
            priorities[i] = task.priority().wire();
            requests[i] = task.requestJson();
            idempotencyKeys[i] = task.idempotencyKey();
            requestHashes[i] = task.requestHash();
            unitPrices[i] = Numeric.create(task.unitPrice());
            reserves[i] = Numeric.create(task.reserve());
            topics[i] = task.topic();
            payloadBytes[i] = CODEC.encode(
                    new TaskJob(TaskJob.CURRENT_SCHEMA, task.id(), task.model(), task.priority().wire()));
            payloads[i] = Buffer.buffer(payloadBytes[i]);
        }
        Tuple params = Tuple.tuple(List.of(keyId, tenantId, settings.defaultRequestsPerMinute(),
                settings.defaultMaxInFlight(), ids, endpoints, models, priorities, requests, idempotencyKeys,
                requestHashes, unitPrices, reserves, topics, payloads, settings.maxAttempts(),
                (double) settings.deadlineSeconds(), (double) settings.outboxGraceSeconds()));
        return ensureUsageRow(keyId)
                .chain(() -> pool.preparedQuery(ADMIT).execute(params))
                .map(rows -> verdicts(rows, batch, payloadBytes));
    }

    private Uni<Void> ensureUsageRow(UUID keyId) {
        if (keysWithUsageRow.contains(keyId)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(ENSURE_USAGE_ROW).execute(Tuple.of(keyId))
                .invoke(() -> {
                    if (keysWithUsageRow.size() >= MAX_REMEMBERED_KEYS) {
                        keysWithUsageRow.clear();
                    }
                    keysWithUsageRow.add(keyId);
                })
                .replaceWithVoid();
    }

    private static List<Verdict> verdicts(RowSet<Row> rows, List<NewTask> batch, byte[][] payloads) {
        int size = batch.size();
        if (rows.size() != size) {
            // No usage row, no key or no tenant row: the caller's key vanished under it.
            throw new IllegalStateException("admission answered " + rows.size() + " rows for " + size
                    + " submissions: is the API key still there?");
        }
        List<Verdict> verdicts = new ArrayList<>(size);
        for (Row row : rows) {
            int index = row.getLong("pos").intValue() - 1;
            int used = row.getInteger("used");
            int inFlight = row.getInteger("in_flight");
            int rpm = row.getInteger("rpm");
            int maxInFlight = row.getInteger("max_in_flight");
            int createdCount = row.getLong("created_count").intValue();
            long resetSeconds = row.getLong("reset_seconds");
            Long outboxId = row.getLong("outbox_id");
            Long rank = row.getLong("n");
            if (outboxId != null) {
                verdicts.add(new Verdict.Created(outboxId, payloads[index],
                        new KeyQuota(rpm, rpm - used - rank.intValue(), resetSeconds)));
            } else if (rank == null || row.getBoolean("admitted")) {
                // Not counted because the key was used, or admitted but another transaction's task
                // with the same key committed first.
                verdicts.add(new Verdict.UsedIdempotencyKey());
            } else {
                verdicts.add(new Verdict.Refused(refusal(batch.get(index), rank.intValue(), used, inFlight, rpm,
                        maxInFlight, createdCount, resetSeconds)));
            }
        }
        return verdicts;
    }

    /** Why an uncounted submission was refused: the first limit its place in the batch crossed. */
    private static Refusal refusal(NewTask task, int rank, int used, int inFlight, int rpm, int maxInFlight,
                                   int createdCount, long resetSeconds) {
        if (used + rank > rpm) {
            return new Refusal.RequestRate(new KeyQuota(rpm, 0, resetSeconds));
        }
        KeyQuota quota = new KeyQuota(rpm, rpm - used - createdCount, resetSeconds);
        if (inFlight + rank > maxInFlight) {
            return new Refusal.InFlight(maxInFlight, quota);
        }
        return new Refusal.Quota(task.reserve());
    }
}
