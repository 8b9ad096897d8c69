package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model's upstream limit holds across several workers together, and a backlog uses it. Longer
 * runs (3 workers, 60 per minute, 300 tasks) are in the fault-suite profile.
 */
class RateLimitIT {

    static final int PER_MINUTE = Integer.getInteger("imagequeue.ratelimit.it.per-minute", 8);
    static final int TASKS = Integer.getInteger("imagequeue.ratelimit.it.tasks", 12);
    static final int WORKERS = Integer.getInteger("imagequeue.ratelimit.it.workers", 3);
    private static final long WINDOW_MILLIS = 60_000;
    private static final FaultTable REPORT = new FaultTable();

    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        forgetEarlierCalls();
        stack = Stack.start(WORKERS, Map.of("IMAGEQUEUE_RATE_LIMIT_OVERRIDES",
                "black-forest-labs/FLUX-2-pro=" + PER_MINUTE + "/" + PER_MINUTE));
    }

    @AfterAll
    static void stopStack() {
        System.out.println(REPORT.render());
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void callsInAnySixtySecondsNeverExceedTheLimitAndTheBacklogUsesIt() {
        Tasks tasks = new Tasks(new Http(stack.apiUrl(), Stack.API_KEY));
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            addresses.add(tasks.submitFlux("\"prompt\": \"limited " + i + "\", \"width\": 64, \"height\": 64"));
        }
        Duration patience = Duration.ofSeconds(90L * (TASKS / PER_MINUTE + 1));
        int succeeded = (int) addresses.stream()
                .map(address -> tasks.awaitTerminal(address, patience))
                .filter(task -> task.get("status").asText().equals("succeeded"))
                .count();
        List<Long> callTimes = new SimulatorCalls(stack.simulatorUrl()).generations("bfl", "flux-2-pro");
        int busiest = SimulatorCalls.busiestWindow(callTimes, WINDOW_MILLIS);
        long span = callTimes.stream().mapToLong(Long::longValue).max().orElse(0)
                - callTimes.stream().mapToLong(Long::longValue).min().orElse(0);
        double windows = Math.ceil((double) TASKS / PER_MINUTE) - 1;
        // The fastest a backlog can drain under the limit is one full window per extra batch.
        double used = windows == 0 ? 1.0 : windows * WINDOW_MILLIS / (double) Math.max(1, span);
        REPORT.add(new FaultTable.Row(String.format("%d workers, %d/min, %d tasks: busiest 60 s = %d, use %.0f%%",
                WORKERS, PER_MINUTE, TASKS, busiest, Math.min(1.0, used) * 100), TASKS, succeeded, 0,
                TASKS - succeeded, callTimes.size() - TASKS));

        assertThat(succeeded).isEqualTo(TASKS);
        assertThat(callTimes).hasSize(TASKS);
        assertThat(busiest).isLessThanOrEqualTo(PER_MINUTE);
        // With a backlog, each new window's calls start as soon as the limit allows: the whole
        // backlog takes no longer than its full windows plus the safety margin and a little slack.
        assertThat(span).isLessThanOrEqualTo((long) (windows * (WINDOW_MILLIS + 2_000) + 5_000));
    }

    /** Earlier test classes called the same model; their calls must not count in this window. */
    private static void forgetEarlierCalls() throws Exception {
        var postgres = io.imagequeue.testinfra.Infrastructure.shared().postgres();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             Statement sql = db.createStatement()) {
            sql.execute("delete from rate_limit_calls");
            sql.execute("delete from rate_limit_inflight");
        } catch (java.sql.SQLException missingTable) {
            // a fresh database: nothing to forget
        }
    }
}
