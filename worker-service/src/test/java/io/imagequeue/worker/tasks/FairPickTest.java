package io.imagequeue.worker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.testinfra.Infrastructure;
import io.imagequeue.testinfra.InfrastructureResource;
import io.imagequeue.testinfra.PostgresServer;
import io.imagequeue.worker.progress.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fair scheduler's claim ({@link TaskStore#claimNext}, migration V10's fair_share_pick) on real
 * PostgreSQL: which task of a lane a worker gets next. Each test uses a lane of its own (a model
 * name no job is ever published for), so nothing but the test claims from it.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@QuarkusTestResource(SimulatorResource.class)
class FairPickTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @Inject
    TaskStore store;

    private String lane;
    private String a;
    private String b;

    @BeforeEach
    void freshLaneAndTenants() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        lane = "fair-pick-" + run;
        // Named so that a tie between them goes to A, as the pick breaks ties by tenant id.
        a = "a-" + run;
        b = "b-" + run;
        tenant(a, 1);
        tenant(b, 1);
    }

    @Test
    void twoTenantsOfEqualWeightTakeTurnsEachInItsOwnOrderOfSubmission() throws SQLException {
        List<String> ofA = queue(a, 4);
        List<String> ofB = queue(b, 2);

        assertThat(claimAll()).containsExactly(ofA.get(0), ofB.get(0), ofA.get(1), ofB.get(1), ofA.get(2), ofA.get(3));
    }

    @Test
    void aTenantOfWeightTwoGetsTwiceTheShareOfATenantOfWeightOne() throws SQLException {
        sql("update tenants set weight = 2 where id = ?", a);
        List<String> ofA = queue(a, 20);
        List<String> ofB = queue(b, 20);

        List<String> first = claim(9);

        assertThat(first.stream().filter(ofA::contains)).hasSize(6);
        assertThat(first.stream().filter(ofB::contains)).hasSize(3);
        assertThat(first.stream().filter(ofA::contains)).containsExactlyElementsOf(ofA.subList(0, 6));
    }

    @Test
    void aTenantComingBackFromIdleGetsItsShareFromNowOnNotTheTurnsItMissed() throws SQLException {
        List<String> ofA = queue(a, 10);
        List<String> servedAlone = claim(5);
        assertThat(servedAlone).containsExactlyElementsOf(ofA.subList(0, 5));

        List<String> ofB = queue(b, 5);

        assertThat(claim(4)).containsExactly(ofB.get(0), ofA.get(5), ofB.get(1), ofA.get(6));
    }

    @Test
    void aTaskNotDueYetIsPassedOverAndAnEmptyLaneGivesNothing() throws SQLException {
        List<String> ofA = queue(a, 2);
        sql("update tasks set not_before = now() + interval '1 hour' where id = ?", ofA.get(0));

        assertThat(claim(1)).containsExactly(ofA.get(1));
        assertThat(next()).isEmpty();
    }

    @Test
    void aTaskClaimedByIdIsNotClaimedAgainByTheLane() throws SQLException {
        List<String> ofA = queue(a, 2);
        assertThat(store.claim(ofA.get(0), "another-worker", LEASE).await().indefinitely()).isPresent();

        assertThat(claimAll()).containsExactly(ofA.get(1));
    }

    @Test
    void aDeferredWakeUpIsKeptWhileItsLaneHasQueuedTasksEvenWhenItsOwnTaskRanAlready() throws SQLException {
        List<String> ofA = queue(a, 2);
        String ranAlready = claim(1).get(0);

        assertThat(deferWakeUp(ranAlready)).as("kept: the lane still has a queued task").isTrue();
        claimAll();
        assertThat(deferWakeUp(ofA.get(1))).as("dropped: the lane is empty").isFalse();
    }

    private boolean deferWakeUp(String taskId) {
        return store.deferWakeUp(taskId, lane, "batch", Duration.ofMinutes(5), "imagequeue.tasks.fair-pick-test",
                new byte[] {1}).await().indefinitely();
    }

    private List<String> claimAll() {
        List<String> claimed = new ArrayList<>();
        for (Optional<ClaimedTask> task = next(); task.isPresent(); task = next()) {
            claimed.add(task.get().id());
        }
        return claimed;
    }

    private List<String> claim(int count) {
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            claimed.add(next().orElseThrow().id());
        }
        return claimed;
    }

    private Optional<ClaimedTask> next() {
        return store.claimNext(lane, "batch", "fair-pick-test", LEASE).await().indefinitely();
    }

    /** Queues {@code count} batch tasks of the tenant in the lane, one statement each, as the API does; answers their ids in order. */
    private List<String> queue(String tenant, int count) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "tsk_" + UUID.randomUUID().toString().replace("-", "");
            sql("""
                    insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts, deadline_at)
                    values (?, ?, '/v2/image/flux/generate', ?, 'batch', 'queued', '{}'::jsonb, 3, now() + interval '1 hour')""",
                    id, tenant, lane);
            ids.add(id);
        }
        return ids;
    }

    private static void tenant(String id, int weight) throws SQLException {
        sql("insert into tenants (id, name, weight) values (?, ?, " + weight + ")", id, id);
    }

    private static void sql(String statement, Object... params) throws SQLException {
        PostgresServer postgres = Infrastructure.shared().postgres();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement update = db.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                update.setObject(i + 1, params[i]);
            }
            update.executeUpdate();
        }
    }
}
