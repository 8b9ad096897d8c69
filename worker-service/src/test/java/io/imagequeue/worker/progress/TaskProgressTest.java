package io.imagequeue.worker.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.testinfra.InfrastructureResource;
import io.imagequeue.worker.tasks.ClaimedTask;
import io.imagequeue.worker.tasks.TaskStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole worker (real PostgreSQL, Kafka and S3; providers simulated over HTTP) writing the
 * progress its provider reports into the task's row while the task runs.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@QuarkusTestResource(SimulatorResource.class)
class TaskProgressTest {

    private static final String BFL_MODEL = "flux-1.1-pro";
    private static final String A1111_MODEL = "stable-diffusion-v1-5-pruned.safetensors";

    @Inject
    ObjectMapper json;

    @Inject
    TaskStore store;

    private TaskRows rows;

    @BeforeEach
    void rows() {
        rows = new TaskRows(json);
    }

    @Test
    void aBflTaskShowsRisingProgressWhileRunningAndNoneOnceSucceeded() throws Exception {
        String id = rows.submit(BFL_MODEL, p -> p.prompt("[sim:latency=4000] a red fox").size("1024x768"));

        List<Double> seen = progressWhileRunning(id);

        assertRising(seen);
        assertThat(rows.read(id).status()).isEqualTo("succeeded");
        assertThat(rows.read(id).progress()).isNull();
    }

    @Test
    void anAutomatic1111TaskShowsRisingProgressWhileRunningAndNoneOnceSucceeded() throws Exception {
        String id = rows.submit(A1111_MODEL, p -> p.prompt("[sim:latency=4000] a red fox").width(512).height(512)
                .numInferenceSteps(30));

        List<Double> seen = progressWhileRunning(id);

        assertRising(seen);
        assertThat(rows.read(id).status()).isEqualTo("succeeded");
        assertThat(rows.read(id).progress()).isNull();
    }

    @Test
    void theLeaseHolderRecordsProgressUpwardOnly() throws Exception {
        String id = rows.running(BFL_MODEL, "worker-a", 1);
        ClaimedTask attempt = claimed(id, 1);

        assertThat(store.recordProgress(attempt, "worker-a", 0.4).await().atMost(Duration.ofSeconds(10))).isTrue();
        assertThat(store.recordProgress(attempt, "worker-a", 0.3).await().atMost(Duration.ofSeconds(10))).isFalse();

        assertThat(rows.read(id).progress()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aProgressWriteAfterTheLeaseWentToAnotherWorkerChangesNothing() throws Exception {
        String id = rows.running(BFL_MODEL, "worker-a", 1);
        ClaimedTask attempt = claimed(id, 1);
        store.recordProgress(attempt, "worker-a", 0.2).await().atMost(Duration.ofSeconds(10));
        // The lease ran out; the reaper put the task back and worker-b claimed it for attempt 2.
        rows.update("update tasks set status = 'queued', lease_owner = null where id = ?", id);
        rows.update("update tasks set status = 'running', lease_owner = 'worker-b', attempts = 2 where id = ?", id);

        boolean written = store.recordProgress(attempt, "worker-a", 0.9).await().atMost(Duration.ofSeconds(10));

        assertThat(written).isFalse();
        TaskRows.Row row = rows.read(id);
        assertThat(row.leaseOwner()).isEqualTo("worker-b");
        assertThat(row.progress()).isNull(); // cleared by the status change, and not written since
    }

    @Test
    void aProgressWriteOfAnEarlierAttemptOfTheSameWorkerChangesNothing() throws Exception {
        String id = rows.running(BFL_MODEL, "worker-a", 2);

        boolean written = store.recordProgress(claimed(id, 1), "worker-a", 0.9).await().atMost(Duration.ofSeconds(10));

        assertThat(written).isFalse();
        assertThat(rows.read(id).progress()).isNull();
    }

    @Test
    void aProgressWriteOnAFinishedTaskChangesNothing() throws Exception {
        String id = rows.running(BFL_MODEL, "worker-a", 1);
        rows.update("update tasks set status = 'canceled', lease_owner = null, completed_at = now() where id = ?", id);

        boolean written = store.recordProgress(claimed(id, 1), "worker-a", 0.5).await().atMost(Duration.ofSeconds(10));

        assertThat(written).isFalse();
        assertThat(rows.read(id).progress()).isNull();
    }

    private static ClaimedTask claimed(String id, int attempt) {
        return new ClaimedTask(id, TaskRows.TENANT, BFL_MODEL, "interactive", attempt, 3, "{}",
                System.currentTimeMillis() + 600_000, System.currentTimeMillis());
    }

    /** Reads the row until the task is no longer queued or running; the progress values seen while it ran. */
    private List<Double> progressWhileRunning(String id) {
        List<Double> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            TaskRows.Row row = rows.read(id);
            if ("running".equals(row.status()) && row.progress() != null
                    && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(row.progress()))) {
                seen.add(row.progress());
            }
            return !"queued".equals(row.status()) && !"running".equals(row.status());
        });
        return seen;
    }

    private static void assertRising(List<Double> seen) {
        assertThat(seen).as("progress values seen while running").hasSizeGreaterThan(1).isSorted()
                .doesNotHaveDuplicates().allSatisfy(value -> assertThat(value).isBetween(0.0, 1.0));
    }
}
