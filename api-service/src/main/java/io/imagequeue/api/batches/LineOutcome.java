package io.imagequeue.api.batches;

import java.util.Map;

/** What submitting one batch line did. */
sealed interface LineOutcome {

    /** The line is a task (new, or the one an earlier, interrupted expansion made for it). */
    record Queued(String taskId) implements LineOutcome {
    }

    /** The endpoint refused the request: the line's answer is this status and error body. */
    record Refused(int statusCode, Map<String, Object> body) implements LineOutcome {
    }

    /** Refused for now (the key's rate or in-flight limit, a dependency down): try the line again later. */
    record Deferred(String reason) implements LineOutcome {
    }
}
