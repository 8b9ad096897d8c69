package io.imagequeue.worker.providers.automatic1111;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Reads one answer of {@code GET /sdapi/v1/progress}. The endpoint is server-global: it describes
 * whatever job the WebUI runs, which is ours only when its {@code current_task} is the
 * {@code force_task_id} we sent. Servers too old to have {@code current_task} (and {@code force_task_id})
 * are trusted while they run a job at all ({@code state.job_count > 0}): this adapter sends a
 * server one call at a time, so the running job is ours unless someone else shares the server.
 */
final class Automatic1111Progress {

    private Automatic1111Progress() {
    }

    /** Our job's share done, 0..1; empty when the answer is about no job or another one. */
    static Optional<Double> ofJob(JsonObject answer, String jobId) {
        try {
            if (answer.containsKey("current_task")) {
                if (!jobId.equals(answer.getValue("current_task"))) {
                    return Optional.empty();
                }
            } else {
                JsonObject state = answer.getJsonObject("state");
                if (state == null || !(state.getValue("job_count") instanceof Number count) || count.intValue() <= 0) {
                    return Optional.empty();
                }
            }
            return answer.getValue("progress") instanceof Number share
                    ? Optional.of(share.doubleValue()) : Optional.empty();
        } catch (ClassCastException malformed) {
            return Optional.empty();
        }
    }

    /** The {@code force_task_id} of one attempt: unique per task and attempt, so a retry is not mistaken for the last. */
    static String jobId(String taskId, int attempt) {
        return "imagequeue-" + taskId + "-" + attempt;
    }
}
