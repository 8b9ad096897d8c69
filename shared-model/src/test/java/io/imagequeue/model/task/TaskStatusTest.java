package io.imagequeue.model.task;

import static io.imagequeue.model.task.TaskStatus.CANCELED;
import static io.imagequeue.model.task.TaskStatus.EXPIRED;
import static io.imagequeue.model.task.TaskStatus.FAILED;
import static io.imagequeue.model.task.TaskStatus.QUEUED;
import static io.imagequeue.model.task.TaskStatus.RUNNING;
import static io.imagequeue.model.task.TaskStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskStatusTest {

    @Test
    void wireValuesAreTheContractsLowerCaseNames() {
        assertThat(EnumSet.allOf(TaskStatus.class)).extracting(TaskStatus::wire)
                .containsExactly("queued", "running", "succeeded", "failed", "canceled", "expired");
    }

    @ParameterizedTest
    @EnumSource(TaskStatus.class)
    void fromWireRoundTrips(TaskStatus status) {
        assertThat(TaskStatus.fromWire(status.wire())).isSameAs(status);
    }

    @Test
    void fromWireRejectsUnknownAndUpperCaseValues() {
        assertThatThrownBy(() -> TaskStatus.fromWire("done")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskStatus.fromWire("QUEUED")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskStatus.fromWire(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyQueuedAndRunningAreNotTerminal() {
        assertThat(EnumSet.allOf(TaskStatus.class)).filteredOn(s -> !s.isTerminal()).containsExactly(QUEUED, RUNNING);
    }

    @Test
    void allowedTransitionsAreExactlyTheDocumentedOnes() {
        var allowed = Set.of(
                QUEUED + ">" + RUNNING, QUEUED + ">" + CANCELED, QUEUED + ">" + FAILED,
                RUNNING + ">" + QUEUED, RUNNING + ">" + SUCCEEDED, RUNNING + ">" + FAILED, RUNNING + ">" + CANCELED,
                SUCCEEDED + ">" + EXPIRED);
        for (TaskStatus from : TaskStatus.values()) {
            for (TaskStatus to : TaskStatus.values()) {
                assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(allowed.contains(from + ">" + to));
            }
        }
    }

    @Test
    void queuedCannotSucceedWithoutRunning() {
        assertThat(QUEUED.canTransitionTo(SUCCEEDED)).isFalse();
    }

    @Test
    void leaseExpiryReturnsARunningTaskToTheQueue() {
        assertThat(RUNNING.canTransitionTo(QUEUED)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"FAILED", "CANCELED", "EXPIRED"})
    void failedCanceledAndExpiredAreFinal(TaskStatus status) {
        assertThat(EnumSet.allOf(TaskStatus.class)).noneMatch(status::canTransitionTo);
    }

    @Test
    void noStateMovesToItselfOrToNull() {
        for (TaskStatus status : TaskStatus.values()) {
            assertThat(status.canTransitionTo(status)).isFalse();
            assertThat(status.canTransitionTo(null)).isFalse();
        }
    }

    @Test
    void jacksonUsesTheWireValues() throws Exception {
        var mapper = new ObjectMapper();
        assertThat(mapper.writeValueAsString(SUCCEEDED)).isEqualTo("\"succeeded\"");
        assertThat(mapper.readValue("\"canceled\"", TaskStatus.class)).isEqualTo(CANCELED);
        assertThat(mapper.writeValueAsString(TaskPriority.BATCH)).isEqualTo("\"batch\"");
    }

    @Test
    void priorityWireValuesRoundTrip() {
        assertThat(TaskPriority.INTERACTIVE.wire()).isEqualTo("interactive");
        assertThat(TaskPriority.fromWire("batch")).isEqualTo(TaskPriority.BATCH);
        assertThatThrownBy(() -> TaskPriority.fromWire("urgent")).isInstanceOf(IllegalArgumentException.class);
    }
}
