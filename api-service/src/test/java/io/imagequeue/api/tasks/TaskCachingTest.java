package io.imagequeue.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.model.task.TaskStatus;
import org.junit.jupiter.api.Test;

class TaskCachingTest {

    @Test
    void aResultOfPresignedLinksIsNeitherTaggedNorKept() {
        TaskRecord succeeded = task(TaskStatus.SUCCEEDED, 1);

        assertThat(TaskCaching.etagOf(succeeded, true)).isNull();
        assertThat(TaskCaching.cacheControlOf(succeeded, true)).isEqualTo("private, no-store");
        assertThat(TaskCaching.etagOf(succeeded, false)).isEqualTo("W/\"1.succeeded..\"");
        assertThat(TaskCaching.cacheControlOf(succeeded, false)).isEqualTo("private, max-age=3600");
    }

    @Test
    void theTagChangesWithEveryAttempt() {
        assertThat(TaskCaching.etagOf(task(TaskStatus.RUNNING, 1), false))
                .isNotEqualTo(TaskCaching.etagOf(task(TaskStatus.RUNNING, 2), false));
        assertThat(TaskCaching.cacheControlOf(task(TaskStatus.RUNNING, 1), false)).isEqualTo("private, no-cache");
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndAStar() {
        String etag = "W/\"1.running..\"";

        assertThat(TaskCaching.matches("W/\"1.running..\"", etag)).isTrue();
        assertThat(TaskCaching.matches("\"1.running..\"", etag)).isTrue();
        assertThat(TaskCaching.matches("\"a\", W/\"1.running..\"", etag)).isTrue();
        assertThat(TaskCaching.matches("*", etag)).isTrue();
        assertThat(TaskCaching.matches("W/\"0.queued.3.\"", etag)).isFalse();
        assertThat(TaskCaching.matches(null, etag)).isFalse();
        assertThat(TaskCaching.matches("*", null)).as("a document without a tag never matches").isFalse();
    }

    private static TaskRecord task(TaskStatus status, int attempts) {
        return new TaskRecord("tsk_0000000000000000000001", "t", "/v2/image/flux/generate", "flux", status, "{}", null,
                attempts, 1L, null, null, "hash");
    }
}
