package io.imagequeue.system;

import io.imagequeue.testinfra.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite's report: one row per scenario, printed when a test class ends. Lost tasks and
 * duplicate provider calls must be 0; each scenario's test also asserts that.
 */
final class FaultTable {

    /**
     * One scenario's outcome. {@code duplicateCalls} counts calls beyond one per attempt;
     * {@code duplicateCharges} the scenario's tasks with more than one {@code charge} ledger row
     * (null where the scenario did not check it).
     */
    record Row(String scenario, int submitted, int succeeded, int failedAsExpected, int lost, long duplicateCalls,
               Long duplicateCharges) {

        Row(String scenario, int submitted, int succeeded, int failedAsExpected, int lost, long duplicateCalls) {
            this(scenario, submitted, succeeded, failedAsExpected, lost, duplicateCalls, null);
        }
    }

    /** How many of the tasks were charged more than once: counts rows in the credit ledger. */
    static long duplicateCharges(PostgresServer postgres, Collection<String> taskIds) {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = db.prepareStatement("""
                     select count(*) from (
                         select task_id from credit_ledger where kind = 'charge' and task_id = any(?)
                         group by task_id having count(*) > 1) charged_twice""")) {
            query.setArray(1, db.createArrayOf("text", taskIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the credit ledger", e);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String render() {
        StringBuilder table = new StringBuilder(String.format("%n%-52s | %9s | %9s | %18s | %4s | %24s | %17s%n",
                "scenario", "submitted", "succeeded", "failed as expected", "lost", "duplicate provider calls",
                "duplicate charges"));
        for (Row row : rows) {
            table.append(String.format("%-52s | %9d | %9d | %18d | %4d | %24d | %17s%n", row.scenario(), row.submitted(),
                    row.succeeded(), row.failedAsExpected(), row.lost(), row.duplicateCalls(),
                    row.duplicateCharges() == null ? "not checked" : row.duplicateCharges().toString()));
        }
        return table.toString();
    }
}
