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
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The shared state of the global per-model limits in PostgreSQL. A permit is granted under the
 * model's bucket row lock, in a transaction whose later statements see every permit committed
 * before the lock was taken: the window and in-flight counts are exact across all workers.
 */
@ApplicationScoped
public class RateLimitStore {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final Mutiny.SessionFactory sessions;

    public RateLimitStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Writes every model's effective limits; the bucket's 429 block, if any, stays. Rows are written
     * in model order, so workers starting together wait for each other instead of deadlocking.
     */
    public Uni<Void> publishLimits(Map<String, RateLimits> limits) {
        return sessions.withTransaction(s -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, RateLimits> entry : new TreeMap<>(limits).entrySet()) {
                chain = chain.chain(() -> s.createNativeQuery("""
                                insert into rate_limit_buckets (model, requests_per_minute, max_concurrent)
                                values (:model, :rpm, :concurrent)
                                on conflict (model) do update
                                set requests_per_minute = excluded.requests_per_minute,
                                    max_concurrent = excluded.max_concurrent, updated_at = now()""")
                        .setParameter("model", entry.getKey())
                        .setParameter("rpm", entry.getValue().requestsPerMinute())
                        .setParameter("concurrent", entry.getValue().maxConcurrent())
                        .executeUpdate()
                        .replaceWithVoid());
            }
            return chain;
        });
    }

    /**
     * Grants up to {@code wanted} permits for {@code model}: as many as its 60-second window (plus
     * {@code margin}) and its concurrency limit allow, none while an upstream 429 blocks it. When the
     * window is full after this request, the grant says when its oldest call leaves it
     * ({@link Grant#retryIn()}), so a waiting caller asks again exactly then.
     */
    public Uni<Grant> acquire(String model, int wanted, Duration margin, Duration lease) {
        double windowSeconds = (WINDOW.toMillis() + margin.toMillis()) / 1000.0;
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                select requests_per_minute, max_concurrent,
                                       greatest(0, extract(epoch from (blocked_until - now())))
                                from rate_limit_buckets where model = :model for update""", Object[].class)
                        .setParameter("model", model)
                        .getResultList()
                        .flatMap(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().failure(new IllegalStateException("no rate limit bucket for " + model));
                            }
                            Object[] bucket = rows.get(0);
                            double blockedSeconds = bucket[2] == null ? 0 : ((Number) bucket[2]).doubleValue();
                            if (blockedSeconds > 0) {
                                return Uni.createFrom().item(Grant.none(Duration.ofMillis((long) (blockedSeconds * 1000))));
                            }
                            int rpm = ((Number) bucket[0]).intValue();
                            int concurrent = ((Number) bucket[1]).intValue();
                            return grant(s, model, wanted, rpm, concurrent, windowSeconds, lease);
                        }));
    }

    private Uni<Grant> grant(Mutiny.Session s, String model, int wanted, int rpm, int concurrent,
                             double windowSeconds, Duration lease) {
        // One instant for the whole count. A call counts while its time is in the window, and a call
        // granted but not sent yet counts however old its grant, as long as its permit is alive.
        return s.createNativeQuery("""
                        with instant as (select clock_timestamp() - make_interval(secs => :window) as since)
                        select (select count(*) from rate_limit_calls
                                where model = :model and granted_at > instant.since)
                             + (select count(*) from rate_limit_calls c
                                where c.model = :model and not c.sent and c.granted_at <= instant.since
                                  and exists (select 1 from rate_limit_inflight i
                                              where i.permit_id = c.permit_id and i.expires_at > now())),
                               extract(epoch from ((select min(granted_at) from rate_limit_calls
                                                    where model = :model and granted_at > instant.since) - instant.since)),
                               (select count(*) from rate_limit_inflight where model = :model and expires_at > now())
                        from instant""",
                        Object[].class)
                .setParameter("model", model)
                .setParameter("window", windowSeconds)
                .getSingleResult()
                .flatMap(counts -> {
                    int inWindow = ((Number) counts[0]).intValue();
                    int inFlight = ((Number) counts[2]).intValue();
                    int granted = Math.max(0, Math.min(wanted, Math.min(rpm - inWindow, concurrent - inFlight)));
                    // When the window is (or this grant makes it) full, the next permit is due exactly
                    // when its oldest call leaves it: the caller waits for that instead of polling.
                    Duration windowFrees = counts[1] == null
                            ? Duration.ofMillis((long) (windowSeconds * 1000))
                            : Duration.ofMillis(Math.max(1, (long) (((Number) counts[1]).doubleValue() * 1000)));
                    if (granted == 0) {
                        return Uni.createFrom().item(Grant.none(inWindow >= rpm && counts[1] != null ? windowFrees : null));
                    }
                    Duration retryIn = granted < wanted && inWindow + granted >= rpm ? windowFrees : null;
                    return s.createNativeQuery("""
                                    with permits as (select gen_random_uuid() as id from generate_series(1, :count)),
                                         calls as (insert into rate_limit_calls (permit_id, model, granted_at)
                                                   select id, :model, clock_timestamp() from permits)
                                    insert into rate_limit_inflight (permit_id, model, expires_at)
                                    select id, :model, now() + make_interval(secs => :lease) from permits
                                    returning cast(permit_id as text)""", String.class)
                            .setParameter("model", model)
                            .setParameter("lease", lease.toMillis() / 1000.0)
                            .setParameter("count", granted)
                            .getResultList()
                            .map(ids -> new Grant(ids.stream().map(UUID::fromString).toList(), retryIn,
                                    Math.max(0, rpm - inWindow - granted)));
                });
    }

    /** Ends an upstream call: frees its concurrency slot (its place in the window stays). */
    public Uni<Void> release(UUID permit) {
        return sessions.withTransaction(s -> s.createNativeQuery("delete from rate_limit_inflight where permit_id = :id")
                        .setParameter("id", permit)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Gives a permit back unused (its task turned out to be a duplicate or canceled): frees the
     * slot and the newest place in the window, so the limit is not spent on a call never made.
     */
    public Uni<Void> refund(UUID permit) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                with freed as (delete from rate_limit_inflight where permit_id = :id)
                                delete from rate_limit_calls where permit_id = :id""")
                        .setParameter("id", permit)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Moves the permit's call to now, just before it is sent, and marks it sent: the window then
     * counts the call when the provider sees it, not when the permit was granted. The stamp is
     * PostgreSQL's clock, like every other time of the window, so no worker's clock matters.
     */
    public Uni<Void> markSent(UUID permit) {
        SendDelays.stamping(permit);
        return sessions.withTransaction(s -> s.createNativeQuery(
                                "update rate_limit_calls set granted_at = clock_timestamp(), sent = true where permit_id = :id")
                        .setParameter("id", permit)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Moves a sent call's stamp {@code late} later: its request left the worker that long after it
     * was stamped ({@link SendDelays}). Later, never earlier, so the window only counts more.
     */
    public Uni<Void> delayStamp(UUID permit, Duration late) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update rate_limit_calls set granted_at = granted_at + make_interval(secs => :late)
                                where permit_id = :id""")
                        .setParameter("late", late.toNanos() / 1e9)
                        .setParameter("id", permit)
                        .executeUpdate())
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
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update rate_limit_inflight set expires_at = now() + make_interval(secs => :lease)
                                where permit_id in (:ids)""")
                        .setParameter("lease", lease.toMillis() / 1000.0)
                        .setParameter("ids", List.copyOf(permits))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Forgets calls that left every window (but not unsent calls whose permit lives) and permits long expired. */
    public Uni<Void> prune() {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                delete from rate_limit_calls c
                                where c.granted_at < now() - interval '5 minutes'
                                  and (c.sent or not exists (select 1 from rate_limit_inflight i
                                                             where i.permit_id = c.permit_id and i.expires_at > now()))""")
                        .executeUpdate()
                        .chain(() -> s.createNativeQuery(
                                        "delete from rate_limit_inflight where expires_at < now() - interval '1 minute'")
                                .executeUpdate()))
                .replaceWithVoid();
    }
}
