package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.testinfra.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model's upstream limit holds across several workers together, a backlog uses it, and a deep
 * backlog waits in Kafka instead of cycling through the outbox. Longer runs (3 workers, 60 per
 * minute, 300 tasks, and the requirement that the backlog uses at least 95 % of the limit) are in
 * the fault-suite profile.
 */
class RateLimitIT {

    static final int PER_MINUTE = Integer.getInteger("imagequeue.ratelimit.it.per-minute", 8);
    static final int TASKS = Integer.getInteger("imagequeue.ratelimit.it.tasks", 12);
    static final int WORKERS = Integer.getInteger("imagequeue.ratelimit.it.workers", 3);
    /** The least share of the limit a backlog must use; the fault-suite profile sets the 0.95. */
    static final double MIN_USE = Double.parseDouble(System.getProperty("imagequeue.ratelimit.it.min-use", "0"));
    static final int BACKLOG_TASKS = Integer.getInteger("imagequeue.ratelimit.it.backlog-tasks", 80);
    private static final long WINDOW_MILLIS = 60_000;
    private static final String MODEL = "black-forest-labs/FLUX-2-pro";
    private static final FaultTable REPORT = new FaultTable();
    private static final List<String> FIGURES = new ArrayList<>();

    @BeforeEach
    void forgetEarlierCalls() {
        // Earlier tests called the same model; their calls must not count in this test's window.
        sql("update rate_limit_slots set stamp = '-infinity', prev_stamp = '-infinity', granted_at = null, permit_id = null",
                "update rate_limit_tokens set permit_id = null, expires_at = '-infinity'");
    }

    @AfterAll
    static void printReport() {
        System.out.println(REPORT.render());
        FIGURES.forEach(System.out::println);
    }

    @Test
    void callsInAnySixtySecondsNeverExceedTheLimitAndTheBacklogUsesIt() {
        long outboxBefore = outboxRowsEverInserted();
        List<Long> callTimes;
        int succeeded;
        try (Stack stack = Stack.start(WORKERS, Map.of("IMAGEQUEUE_RATE_LIMIT_OVERRIDES",
                MODEL + "=" + PER_MINUTE + "/" + PER_MINUTE))) {
            Tasks tasks = new Tasks(new Http(stack.apiUrl(), Stack.API_KEY));
            // Submitted from several threads, so the backlog exists before the first window fills.
            List<String> addresses = Submissions.concurrently(TASKS, i -> tasks.submitFlux(
                    "\"prompt\": \"limited " + i + "\", \"width\": 64, \"height\": 64"));
            Duration patience = Duration.ofSeconds(90L * (TASKS / PER_MINUTE + 1));
            succeeded = (int) addresses.stream()
                    .map(address -> tasks.awaitTerminal(address, patience))
                    .filter(task -> task.get("status").asText().equals("succeeded"))
                    .count();
            callTimes = new SimulatorCalls(stack.simulatorUrl()).generations("bfl", "flux-2-pro");
        }
        FIGURES.add(stampToArrival(callTimes));
        double outboxRowsPerTask = (outboxRowsEverInserted() - outboxBefore) / (double) TASKS;
        int busiest = SimulatorCalls.busiestWindow(callTimes, WINDOW_MILLIS);
        double use = SimulatorCalls.useOfLimit(callTimes, PER_MINUTE, WINDOW_MILLIS);
        long span = callTimes.isEmpty() ? 0 : callTimes.stream().mapToLong(Long::longValue).max().getAsLong()
                - callTimes.stream().mapToLong(Long::longValue).min().getAsLong();
        long idealSpan = (long) (Math.ceil((double) TASKS / PER_MINUTE) - 1) * WINDOW_MILLIS;
        // The span splits into how long the first window took to fill (the submissions arriving, not
        // the limiter) and the windows after it: the last call came no sooner than m windows after the
        // call m x limit places before it.
        List<Long> sorted = callTimes.stream().sorted().toList();
        int steps = (int) (idealSpan / WINDOW_MILLIS);
        long firstFill = sorted.size() < PER_MINUTE ? 0 : sorted.get(PER_MINUTE - 1) - sorted.get(0);
        long lastSteps = steps == 0 || sorted.size() <= steps * PER_MINUTE ? 0
                : sorted.get(sorted.size() - 1) - sorted.get(sorted.size() - 1 - steps * PER_MINUTE);
        REPORT.add(new FaultTable.Row(String.format("%d workers, %d/min, %d tasks: busiest 60 s = %d, use %.1f%%",
                WORKERS, PER_MINUTE, TASKS, busiest, use * 100), TASKS, succeeded, 0,
                TASKS - succeeded, callTimes.size() - TASKS));
        FIGURES.add(String.format("rate limit: %d workers, %d/min, %d tasks: busiest 60 s window %d of %d (%.1f%%); "
                        + "use of the limit under the backlog %.2f%%; first to last call %.1f s (ideal %.1f s); "
                        + "first window filled in %.1f s; last call %.1f s after the call %d places before it (ideal %.1f s); "
                        + "outbox rows per task %.2f", WORKERS, PER_MINUTE, TASKS, busiest, PER_MINUTE,
                100.0 * busiest / PER_MINUTE, use * 100, span / 1000.0, idealSpan / 1000.0, firstFill / 1000.0,
                lastSteps / 1000.0, steps * PER_MINUTE, idealSpan / 1000.0, outboxRowsPerTask));

        assertThat(succeeded).as("tasks succeeded").isEqualTo(TASKS);
        assertThat(callTimes).as("one provider call per task").hasSize(TASKS);
        assertThat(busiest).as("calls in the busiest 60 seconds").isLessThanOrEqualTo(PER_MINUTE);
        if (MIN_USE > 0) {
            assertThat(use).as("share of the limit the backlog used").isGreaterThanOrEqualTo(MIN_USE);
        }
    }

    /**
     * One worker that can run only 4 tasks at once and hold 24, and a backlog of 80: the backlog waits
     * in Kafka (the model's partitions are paused while its lane is full), so each task passes through
     * the outbox about once (its submission), not once more for every second it waits.
     */
    @Test
    void aDeepBacklogOnOneBoundedWorkerWaitsInKafkaInsteadOfCyclingThroughTheOutbox() {
        long outboxBefore = outboxRowsEverInserted();
        int succeeded;
        long calls;
        try (Stack stack = Stack.start(1, Map.of(
                "IMAGEQUEUE_RATE_LIMIT_OVERRIDES", MODEL + "=6000/4",
                "IMAGEQUEUE_DISPATCH_MAX_IN_FLIGHT", "4",
                "IMAGEQUEUE_RATE_LIMIT_LANE_CAPACITY", "8",
                // Small polls, so the worker could hold only 8 + 2 x 8 jobs without pausing: the rest
                // of the backlog must wait in Kafka, or be deferred.
                "MP_MESSAGING_INCOMING_TASK_JOBS_MAX_POLL_RECORDS", "8"))) {
            Tasks tasks = new Tasks(new Http(stack.apiUrl(), Stack.API_KEY));
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < BACKLOG_TASKS; i++) {
                addresses.add(tasks.submitFlux("\"prompt\": \"[sim:latency=500] backlog " + i
                        + "\", \"width\": 64, \"height\": 64"));
            }
            succeeded = (int) addresses.stream()
                    .map(address -> tasks.awaitTerminal(address, Duration.ofSeconds(10L * BACKLOG_TASKS)))
                    .filter(task -> task.get("status").asText().equals("succeeded"))
                    .count();
            calls = new SimulatorCalls(stack.simulatorUrl()).generations("bfl", "flux-2-pro").size();
        }
        double outboxRowsPerTask = (outboxRowsEverInserted() - outboxBefore) / (double) BACKLOG_TASKS;
        REPORT.add(new FaultTable.Row(String.format("deep backlog, 1 worker of 4: outbox rows/task %.2f",
                outboxRowsPerTask), BACKLOG_TASKS, succeeded, 0, BACKLOG_TASKS - succeeded, calls - BACKLOG_TASKS));
        FIGURES.add(String.format("deep backlog: 1 worker, 4 in flight, lane of 8, %d tasks: outbox rows per task %.2f "
                + "(1 = the submission only)", BACKLOG_TASKS, outboxRowsPerTask));

        assertThat(succeeded).as("tasks succeeded").isEqualTo(BACKLOG_TASKS);
        assertThat(calls).as("one provider call per task").isEqualTo(BACKLOG_TASKS);
        // The submission writes one row; a task may be deferred about once more, not over and over.
        assertThat(outboxRowsPerTask).as("outbox rows per task").isLessThanOrEqualTo(2.0);
    }

    /**
     * How long after its stamp in the window (PostgreSQL's clock) each call reached the simulator (its
     * own clock, on the same host): the spread of that delay is what the window margin must cover.
     * Stamps and arrivals are matched in order, so this is a diagnostic, not an exact pairing.
     */
    private static String stampToArrival(List<Long> arrivals) {
        List<Long> stamps = new ArrayList<>();
        try (Connection db = connect(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("""
                     select (extract(epoch from stamp) * 1000)::bigint from rate_limit_slots
                     where model = '%s' and stamp > '-infinity' and stamp < 'infinity' order by stamp""".formatted(MODEL))) {
            while (rows.next()) {
                stamps.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            return "stamp to arrival: unreadable (" + e.getMessage() + ")";
        }
        // A model's slots keep the stamp of each slot's last call only: match them with the last arrivals.
        List<Long> all = arrivals.stream().sorted().toList();
        List<Long> sorted = all.subList(Math.max(0, all.size() - stamps.size()), all.size());
        if (stamps.size() != sorted.size() || stamps.isEmpty()) {
            return "stamp to arrival: " + stamps.size() + " stamps kept for " + sorted.size() + " calls; not compared";
        }
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < stamps.size(); i++) {
            delays.add(sorted.get(i) - stamps.get(i));
        }
        List<Long> ordered = delays.stream().sorted().toList();
        return String.format("stamp to arrival (ms): min %d, median %d, p99 %d, max %d; spread %d (the margin must cover it)",
                ordered.get(0), ordered.get(ordered.size() / 2), ordered.get((int) (ordered.size() * 0.99)),
                ordered.get(ordered.size() - 1), ordered.get(ordered.size() - 1) - ordered.get(0));
    }

    /** Every outbox row ever inserted, by its id sequence (rows are deleted once published). */
    private static long outboxRowsEverInserted() {
        try (Connection db = connect(); Statement query = db.createStatement();
             ResultSet row = query.executeQuery("""
                     select coalesce((select pg_sequence_last_value(oid) from pg_class
                                      where relname = 'task_outbox_id_seq'), 0)""")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox sequence", e);
        }
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
