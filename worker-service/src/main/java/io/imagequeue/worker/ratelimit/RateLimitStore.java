package io.imagequeue.worker.ratelimit;

import io.imagequeue.model.catalog.RateLimits;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The shared state of the global per-model limits in PostgreSQL, O(1) per grant whatever the rate:
 * a model has one <em>slot</em> per call its window allows and one <em>token</em> per call it may
 * have in flight. A grant takes slots whose last call left the window and free tokens, in one
 * statement that locks just those rows ({@code for update skip locked}), so workers grant in
 * parallel and the limits stay exact across all of them (the proof is in docs/decisions.md, "Rate
 * limits in O(1)").
 */
@ApplicationScoped
public class RateLimitStore {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    /**
     * $1 model, $2 permits wanted, $3 window + margin in seconds, $4 lease in seconds. Answers the
     * seconds the model is still blocked by a 429 (null: no bucket), how many free slots and tokens
     * it found (at most $2 each), the seconds until its oldest sent call leaves the window, and the
     * permits granted.
     */
    static final String GRANT = """
            with bucket as (
                select cast(greatest(0, extract(epoch from (blocked_until - now()))) as float8) as blocked
                from rate_limit_buckets where model = $1),
            open as (select 1 from bucket where blocked = 0),
            slots as (
                select slot, row_number() over () as n from (
                    select slot from rate_limit_slots
                    where model = $1 and stamp <= clock_timestamp() - make_interval(secs => $3)
                      and exists (select 1 from open)
                    order by stamp limit $2
                    for update skip locked) free),
            tokens as (
                select token, row_number() over () as n from (
                    select token from rate_limit_tokens
                    where model = $1 and expires_at <= now() and exists (select 1 from open)
                    order by expires_at limit $2
                    for update skip locked) free),
            pairs as (
                select s.slot, t.token, gen_random_uuid() as permit from slots s join tokens t using (n)),
            granted as (
                update rate_limit_slots r
                set prev_stamp = r.stamp, stamp = 'infinity', granted_at = clock_timestamp(), permit_id = p.permit
                from pairs p where r.model = $1 and r.slot = p.slot
                returning p.permit),
            held as (
                update rate_limit_tokens k set permit_id = p.permit, expires_at = now() + make_interval(secs => $4)
                from pairs p where k.model = $1 and k.token = p.token)
            select (select blocked from bucket),
                   (select count(*) from slots), (select count(*) from tokens),
                   (select cast(extract(epoch from (stamp + make_interval(secs => $3) - clock_timestamp())) as float8)
                    from rate_limit_slots where model = $1 and stamp > '-infinity' and stamp < 'infinity'
                    order by stamp limit 1),
                   (select array_agg(permit) from granted)""";

    private final Mutiny.SessionFactory sessions;
    private final Pool pool;

    public RateLimitStore(Mutiny.SessionFactory sessions, Pool pool) {
        this.sessions = sessions;
        this.pool = pool;
    }

    /**
     * Writes every model's effective limits, and gives each model exactly as many slots and tokens;
     * the bucket's 429 block, if any, stays. Rows are written in model order, so workers starting
     * together wait for each other instead of deadlocking.
     */
    public Uni<Void> publishLimits(Map<String, RateLimits> limits) {
        return sessions.withTransaction(s -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, RateLimits> entry : new TreeMap<>(limits).entrySet()) {
                String model = entry.getKey();
                int rpm = entry.getValue().requestsPerMinute();
                int concurrent = entry.getValue().maxConcurrent();
                chain = chain.chain(() -> s.createNativeQuery("""
                                insert into rate_limit_buckets (model, requests_per_minute, max_concurrent)
                                values (:model, :rpm, :concurrent)
                                on conflict (model) do update
                                set requests_per_minute = excluded.requests_per_minute,
                                    max_concurrent = excluded.max_concurrent, updated_at = now()""")
                        .setParameter("model", model)
                        .setParameter("rpm", rpm)
                        .setParameter("concurrent", concurrent)
                        .executeUpdate()
                        .chain(() -> resize(s, "rate_limit_slots", "slot", SHRINK_SLOTS, model, rpm))
                        .chain(() -> resize(s, "rate_limit_tokens", "token", "", model, concurrent))
                        .replaceWithVoid());
            }
            return chain;
        });
    }

    /**
     * When a model loses slots, the calls they permitted stay in the window: every remaining slot
     * waits until the newest of them has left it (a call not sent yet counts as sent now).
     */
    private static final String SHRINK_SLOTS = """
            with removed as (delete from rate_limit_slots where model = :model and slot >= :count
                             returning case when stamp = 'infinity' then now() else stamp end as stamp)
            update rate_limit_slots set stamp = greatest(stamp, (select max(stamp) from removed))
            where model = :model and stamp < 'infinity' and exists (select 1 from removed)""";

    /** Gives a model exactly {@code count} rows of a table of slots or tokens. */
    private static Uni<Void> resize(Mutiny.Session s, String table, String column, String shrink, String model, int count) {
        return s.createNativeQuery("select cast(count(*) as integer) from " + table + " where model = :model", Integer.class)
                .setParameter("model", model)
                .getSingleResult()
                .chain(existing -> {
                    if (existing < count) {
                        return s.createNativeQuery("insert into " + table + " (model, " + column + ") "
                                        + "select :model, g from generate_series(0, :count - 1) g on conflict do nothing")
                                .setParameter("model", model)
                                .setParameter("count", count)
                                .executeUpdate().replaceWithVoid();
                    }
                    if (existing > count) {
                        String delete = shrink.isEmpty()
                                ? "delete from " + table + " where model = :model and " + column + " >= :count" : shrink;
                        return s.createNativeQuery(delete)
                                .setParameter("model", model)
                                .setParameter("count", count)
                                .executeUpdate().replaceWithVoid();
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Grants up to {@code wanted} permits for {@code model}: as many as its free slots (calls whose
     * window, plus {@code margin}, has passed) and free tokens (its concurrency limit) allow, none
     * while an upstream 429 blocks it. When the window limited this request, the grant says when the
     * model's oldest call leaves it ({@link Grant#retryIn()}), so a waiting caller asks again exactly then.
     * One statement, one round trip; its cost does not depend on the rate or the window.
     */
    public Uni<Grant> acquire(String model, int wanted, Duration margin, Duration lease) {
        double windowSeconds = (WINDOW.toMillis() + margin.toMillis()) / 1000.0;
        return pool.preparedQuery(GRANT)
                .execute(Tuple.of(model, wanted, windowSeconds, lease.toMillis() / 1000.0))
                .map(rows -> grantOf(model, wanted, rows.iterator().next()));
    }

    private static Grant grantOf(String model, int wanted, Row row) {
        Double blocked = row.getDouble(0);
        if (blocked == null) {
            throw new IllegalStateException("no rate limit bucket for " + model);
        }
        if (blocked > 0) {
            return Grant.none(Duration.ofMillis((long) (blocked * 1000)));
        }
        long freeSlots = row.getLong(1);
        UUID[] permits = row.getArrayOfUUIDs(4);
        List<UUID> granted = permits == null ? List.of() : List.of(permits);
        Double oldestLeaves = row.getDouble(3);
        // Only when the window (not the concurrency limit) ran out is the next permit due at a known
        // instant: when the oldest call leaves the window.
        Duration windowFrees = freeSlots < wanted && oldestLeaves != null
                ? Duration.ofMillis(Math.max(1, (long) (oldestLeaves * 1000))) : null;
        if (granted.isEmpty()) {
            return Grant.none(windowFrees);
        }
        return new Grant(granted, granted.size() < wanted ? windowFrees : null, Math.max(0, freeSlots - granted.size()));
    }

    /** Ends an upstream call: frees its concurrency token (its slot keeps the call's stamp). */
    public Uni<Void> release(UUID permit) {
        return pool.preparedQuery("update rate_limit_tokens set permit_id = null, expires_at = '-infinity' where permit_id = $1")
                .execute(Tuple.of(permit))
                .replaceWithVoid();
    }

    /**
     * Gives a permit back unused (its task turned out to be a duplicate or canceled): frees its token,
     * and its slot gets back the stamp it had before, so the limit is not spent on a call never made.
     */
    public Uni<Void> refund(UUID permit) {
        return pool.preparedQuery("""
                        with freed as (update rate_limit_tokens set permit_id = null, expires_at = '-infinity'
                                       where permit_id = $1)
                        update rate_limit_slots set stamp = prev_stamp, permit_id = null
                        where permit_id = $1 and stamp = 'infinity'""")
                .execute(Tuple.of(permit))
                .replaceWithVoid();
    }

    /**
     * Stamps the permit's call now, just before it is sent: the window then counts the call when the
     * provider sees it, not when the permit was granted. The stamp is PostgreSQL's clock, like every
     * other time of the window, so no worker's clock matters. Fails when the permit's slot is no
     * longer its own (its lease expired while the worker could not renew it): the call must not go.
     */
    public Uni<Void> markSent(UUID permit) {
        SendDelays.stamping(permit);
        return pool.preparedQuery("update rate_limit_slots set stamp = clock_timestamp() where permit_id = $1")
                .execute(Tuple.of(permit))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new IllegalStateException("permit " + permit + " expired before its call was sent");
                    }
                    return null;
                })
                .replaceWithVoid();
    }

    /**
     * Moves a sent call's stamp {@code late} later: its request left the worker that long after it
     * was stamped ({@link SendDelays}). Later, never earlier, so the window only counts more.
     */
    public Uni<Void> delayStamp(UUID permit, Duration late) {
        return pool.preparedQuery("""
                        update rate_limit_slots set stamp = stamp + make_interval(secs => $2)
                        where permit_id = $1 and stamp < 'infinity'""")
                .execute(Tuple.of(permit, late.toNanos() / 1e9))
                .replaceWithVoid();
    }

    /** An upstream 429: no worker gets a permit for this model until {@code wait} has passed. */
    public Uni<Void> block(String model, Duration wait) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update rate_limit_buckets
                                set blocked_until = greatest(coalesce(blocked_until, now()), now() + make_interval(secs => :wait))
                                where model = :model""")
                        .setParameter("wait", wait.toMillis() / 1000.0)
                        .setParameter("model", model)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Keeps this worker's in-flight permits alive; a dead worker's expire on their own. */
    public Uni<Void> renew(Collection<UUID> permits, Duration lease) {
        if (permits.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        update rate_limit_tokens set expires_at = now() + make_interval(secs => $2)
                        where permit_id = any($1)""")
                .execute(Tuple.of(permits.toArray(UUID[]::new), lease.toMillis() / 1000.0))
                .replaceWithVoid();
    }

    /**
     * A call granted but never sent whose permit expired (its worker died between grant and send)
     * would hold its slot forever: its slot is given the call's grant time as its stamp, which is
     * where the old design counted such a call, and leaves the window a minute later.
     */
    public Uni<Void> prune() {
        return pool.preparedQuery("""
                        update rate_limit_slots s set stamp = s.granted_at
                        where s.stamp = 'infinity' and s.granted_at < now() - interval '1 minute'
                          and not exists (select 1 from rate_limit_tokens k
                                          where k.permit_id = s.permit_id and k.expires_at > now())""")
                .execute()
                .replaceWithVoid();
    }
}
