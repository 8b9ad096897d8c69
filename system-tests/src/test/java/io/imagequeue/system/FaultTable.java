package io.imagequeue.system;

import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite's report: one row per scenario, printed when a test class ends. Lost tasks and
 * duplicate provider calls must be 0; each scenario's test also asserts that.
 */
final class FaultTable {

    /** One scenario's outcome. {@code duplicateCalls} counts calls beyond one per attempt. */
    record Row(String scenario, int submitted, int succeeded, int failedAsExpected, int lost, long duplicateCalls) {
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
                    row.succeeded(), row.failedAsExpected(), row.lost(), row.duplicateCalls(), "n/a (no credits yet)"));
        }
        return table.toString();
    }
}
