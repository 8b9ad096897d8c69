package io.imagequeue.system;

import static org.awaitility.Awaitility.await;

import io.imagequeue.testinfra.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What became of a scenario's tasks, read where the truth is: PostgreSQL for each task's state,
 * attempts, images and ledger rows, the simulator's call log for the provider calls made for it.
 * The API's own view of the tasks is checked by the scenarios themselves.
 */
final class Outcomes {

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "expired");

    /**
     * One task: {@code status} is {@code missing} when no row exists; {@code providerCalls} are the
     * generation calls the simulator accepted for the task's tag; {@code charges} and
     * {@code releases} its ledger rows of each kind; {@code images} its stored image rows.
     */
    record TaskOutcome(String address, String status, int attempts, long providerCalls, int charges, int releases,
                       int images) {

        boolean terminal() {
            return TERMINAL.contains(status);
        }

        /** Calls beyond one per attempt: the same attempt sent upstream twice. */
        long duplicateCalls() {
            return Math.max(0, providerCalls - attempts);
        }
    }

    private Outcomes() {
    }

    /** Waits until every task is terminal in PostgreSQL (or the timeout passes; the caller then counts the rest as lost). */
    static void awaitTerminal(PostgresServer postgres, Collection<String> addresses, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofSeconds(1))
                    .until(() -> unfinished(postgres, addresses) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException timedOut) {
            // the outcomes report what never finished as lost; the scenario's assertions fail on it
        }
    }

    /** Reads every task's outcome; {@code tagsByAddress} maps each task to the tag its provider calls carry. */
    static List<TaskOutcome> read(PostgresServer postgres, SimulatorCalls calls, String provider,
                                  Map<String, String> tagsByAddress) {
        Map<String, Long> callsByTag = calls.generationsByTag(provider);
        Map<String, TaskOutcome> found = new HashMap<>();
        try (Connection db = connect(postgres);
             PreparedStatement query = db.prepareStatement("""
                     select t.id, t.status, t.attempts,
                            (select count(*) from credit_ledger c where c.task_id = t.id and c.kind = 'charge'),
                            (select count(*) from credit_ledger c where c.task_id = t.id and c.kind = 'release'),
                            (select count(*) from task_images i where i.task_id = t.id)
                     from tasks t where t.id = any(?)""")) {
            query.setArray(1, db.createArrayOf("text", tagsByAddress.keySet().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String address = rows.getString(1);
                    found.put(address, new TaskOutcome(address, rows.getString(2), rows.getInt(3),
                            callsByTag.getOrDefault(tagsByAddress.get(address), 0L), rows.getInt(4), rows.getInt(5),
                            rows.getInt(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tasks", e);
        }
        List<TaskOutcome> outcomes = new ArrayList<>();
        tagsByAddress.forEach((address, tag) -> outcomes.add(found.getOrDefault(address,
                new TaskOutcome(address, "missing", 0, callsByTag.getOrDefault(tag, 0L), 0, 0, 0))));
        return outcomes;
    }

    /** The scenario's row of the fault table. */
    static FaultTable.Row row(String scenario, List<TaskOutcome> outcomes, Set<String> expectedFailures) {
        int succeeded = (int) outcomes.stream().filter(o -> o.status().equals("succeeded")).count();
        int failedAsExpected = (int) outcomes.stream()
                .filter(o -> o.status().equals("failed") && expectedFailures.contains(o.address())).count();
        int lost = (int) outcomes.stream().filter(o -> !o.terminal()).count();
        long duplicateCalls = outcomes.stream().mapToLong(TaskOutcome::duplicateCalls).sum();
        long duplicateCharges = outcomes.stream().filter(o -> o.charges() > 1).count();
        return new FaultTable.Row(scenario, outcomes.size(), succeeded, failedAsExpected, lost, duplicateCalls,
                duplicateCharges);
    }

    private static int unfinished(PostgresServer postgres, Collection<String> addresses) throws SQLException {
        try (Connection db = connect(postgres);
             PreparedStatement query = db.prepareStatement("""
                     select count(*) from unnest(?::text[]) a(id)
                     where not exists (select 1 from tasks t where t.id = a.id
                                       and t.status in ('succeeded', 'failed', 'canceled', 'expired'))""")) {
            query.setArray(1, db.createArrayOf("text", addresses.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /**
     * The tasks a worker process holds under its lease right now: running, and leased by the worker whose
     * identity carries that pid ({@code host-pid-suffix}, see WorkerIdentity).
     */
    static Set<String> leasedBy(PostgresServer postgres, long pid) {
        try (Connection db = connect(postgres);
             PreparedStatement query = db.prepareStatement(
                     "select id from tasks where status = 'running' and lease_owner like ?")) {
            query.setString(1, "%-" + pid + "-%");
            var ids = new TreeSet<String>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
