package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.testinfra.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's bound: tenant A queues a batch backlog on a limited model, and a while later tenant B
 * queues a few batch tasks on the same model. With the fair scheduler B gets about half of the
 * model, so all of B's tasks finish within the bound of their submission, while A loses nothing and
 * the busiest 60 seconds never exceed the limit.
 *
 * <p>The default suite runs a model bound by its concurrency (4 at a time, calls of 500 ms, so
 * about 8 a second under a limit of 600 a minute): 300 tasks of A, 20 of B 3 s later, within 15 s
 * (B at half the model needs about 2/3 of that, as in the issue: 20 tasks at 30 a minute in 60 s).
 * The fault-suite profile runs the scale: 60 a minute, 600 tasks of A, 20 of B 30 s after A
 * began, within 60 s. The limiter lets a minute's calls go as soon as slots are free, so A's first
 * 60 go at once; B's tasks then all run in the first slots that free after B arrived, half of them
 * and more going to B. {@code imagequeue.fairshare.it.fair=false} runs the same with the scheduler off
 * (Kafka's order), to measure B's wait without it; the bound is not asserted then.
 */
class FairShareIT {

    static final int PER_MINUTE = Integer.getInteger("imagequeue.fairshare.it.per-minute", 600);
    static final int CONCURRENCY = Integer.getInteger("imagequeue.fairshare.it.concurrency", 4);
    static final int LATENCY_MILLIS = Integer.getInteger("imagequeue.fairshare.it.latency-ms", 500);
    static final int A_TASKS = Integer.getInteger("imagequeue.fairshare.it.a-tasks", 300);
    static final int B_TASKS = Integer.getInteger("imagequeue.fairshare.it.b-tasks", 20);
    static final int B_AFTER_SECONDS = Integer.getInteger("imagequeue.fairshare.it.b-after-seconds", 3);
    static final int B_BOUND_SECONDS = Integer.getInteger("imagequeue.fairshare.it.b-bound-seconds", 15);
    static final int WORKERS = Integer.getInteger("imagequeue.fairshare.it.workers", 2);
    static final boolean FAIR = Boolean.parseBoolean(System.getProperty("imagequeue.fairshare.it.fair", "true"));
    private static final long WINDOW_MILLIS = 60_000;
    private static final String MODEL = "black-forest-labs/FLUX-2-pro";
    private static final List<String> FIGURES = new ArrayList<>();

    @BeforeEach
    void forgetEarlierCalls() {
        // Earlier tests called the same model; their calls must not count in this test's window.
        sql("update rate_limit_slots set stamp = '-infinity', prev_stamp = '-infinity', granted_at = null, permit_id = null",
                "update rate_limit_tokens set permit_id = null, expires_at = '-infinity'");
    }

    @AfterAll
    static void printFigures() {
        FIGURES.forEach(System.out::println);
    }

    @Test
    void aLateTenantsFewTasksFinishWithinTheBoundWhileTheFirstTenantsBacklogDrains() throws Exception {
        List<Long> callTimes;
        String tenantA;
        String tenantB;
        Duration submittingA;
        try (Stack stack = Stack.start(WORKERS, Map.of(
                "IMAGEQUEUE_RATE_LIMIT_OVERRIDES", MODEL + "=" + PER_MINUTE + "/" + CONCURRENCY,
                "IMAGEQUEUE_DISPATCH_FAIR_SHARE", String.valueOf(FAIR)))) {
            Tenants tenants = new Tenants(stack);
            tenantA = tenants.create("fair-", "1000000");
            tenantB = tenants.create("fair-", "1000000");
            Tasks a = new Tasks(new Http(stack.apiUrl(), tenants.key(tenantA, "{}")));
            Tasks b = new Tasks(new Http(stack.apiUrl(), tenants.key(tenantB, "{}")));

            // B comes B_AFTER_SECONDS after A started queueing, whether or not A's submissions are
            // through: the limiter's window then stands where the scenario puts it.
            long started = System.nanoTime();
            CompletableFuture<List<String>> backlogSubmitted =
                    CompletableFuture.supplyAsync(() -> Submissions.concurrently(A_TASKS, i -> a.submitFlux(task("a", i))));
            Thread.sleep(B_AFTER_SECONDS * 1000L);
            List<String> late = Submissions.concurrently(B_TASKS, i -> b.submitFlux(task("b", i)));
            List<String> backlog = backlogSubmitted.join();
            submittingA = Duration.ofNanos(System.nanoTime() - started);

            Duration patience = Duration.ofMinutes(5 + 2L * A_TASKS / PER_MINUTE);
            assertThat(late.stream().map(address -> b.awaitTerminal(address, patience).get("status").asText()))
                    .as("B's tasks").containsOnly("succeeded");
            assertThat(backlog.stream().map(address -> a.awaitTerminal(address, patience).get("status").asText()))
                    .as("A's tasks: none lost").containsOnly("succeeded");
            callTimes = new SimulatorCalls(stack.simulatorUrl()).generations("bfl", "flux-2-pro");
        }

        List<Long> waitsOfB = waits(tenantB);
        Span spanOfA = span(tenantA);
        int busiest = SimulatorCalls.busiestWindow(callTimes, WINDOW_MILLIS);
        double throughputOfA = 60_000.0 * A_TASKS / Math.max(1, spanOfA.lastCompleted() - spanOfA.firstCreated());
        FIGURES.add(String.format("fair share (%s): %d workers, %d/min and %d at once, calls of %d ms; A %d tasks, "
                        + "B %d tasks %d s after A began (A's submissions took %.1f s): B's wait p50 %.1f s, p95 %.1f s, max %.1f s (bound %d s); "
                        + "A's throughput %.1f/min over %.1f s; busiest 60 s window %d of %d; provider calls %d for %d tasks",
                FAIR ? "scheduler on" : "scheduler off, Kafka's order", WORKERS, PER_MINUTE, CONCURRENCY, LATENCY_MILLIS,
                A_TASKS, B_TASKS, B_AFTER_SECONDS, submittingA.toMillis() / 1000.0, percentile(waitsOfB, 0.50) / 1000.0, percentile(waitsOfB, 0.95) / 1000.0,
                percentile(waitsOfB, 1.0) / 1000.0, B_BOUND_SECONDS, throughputOfA,
                (spanOfA.lastCompleted() - spanOfA.firstCreated()) / 1000.0, busiest, PER_MINUTE, callTimes.size(),
                A_TASKS + B_TASKS));

        assertThat(callTimes).as("one provider call per task").hasSize(A_TASKS + B_TASKS);
        assertThat(busiest).as("calls in the busiest 60 seconds").isLessThanOrEqualTo(PER_MINUTE);
        if (FAIR) {
            assertThat(percentile(waitsOfB, 1.0)).as("B's longest wait from submission to finish, ms")
                    .isLessThanOrEqualTo(B_BOUND_SECONDS * 1000L);
        }
    }

    private static String task(String tenant, int index) {
        String latency = LATENCY_MILLIS > 0 ? "[sim:latency=" + LATENCY_MILLIS + "] " : "";
        return "\"prompt\": \"" + latency + "tenant " + tenant + " task " + index
                + "\", \"width\": 64, \"height\": 64, \"priority\": \"batch\"";
    }

    /** Each of the tenant's tasks' time from submission to its end, in milliseconds, in the database's clock. */
    private static List<Long> waits(String tenant) throws SQLException {
        List<Long> waits = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                select (extract(epoch from completed_at - created_at) * 1000)::bigint from tasks
                where tenant_id = ? order by 1""")) {
            query.setString(1, tenant);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    waits.add(rows.getLong(1));
                }
            }
        }
        return waits;
    }

    private record Span(long firstCreated, long lastCompleted) {
    }

    private static Span span(String tenant) throws SQLException {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                select (extract(epoch from min(created_at)) * 1000)::bigint, (extract(epoch from max(completed_at)) * 1000)::bigint
                from tasks where tenant_id = ?""")) {
            query.setString(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new Span(row.getLong(1), row.getLong(2));
            }
        }
    }

    private static long percentile(List<Long> sorted, double share) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(share * sorted.size()) - 1));
    }

    private static void sql(String... statements) {
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException missingTable) {
            // a fresh database: nothing to forget
        }
    }

    private static Connection connect() throws SQLException {
        PostgresServer postgres = io.imagequeue.testinfra.Infrastructure.shared().postgres();
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
