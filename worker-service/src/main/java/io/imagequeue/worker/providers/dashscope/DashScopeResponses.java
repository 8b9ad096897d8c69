package io.imagequeue.worker.providers.dashscope;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads DashScope's submit, task and sync answers. */
final class DashScopeResponses {

    /** A result image's URL (valid 24 hours) and the prompt the model really used, when it rewrote it. */
    record ResultImage(String url, String actualPrompt) {
    }

    /** One poll's view of a task. */
    record TaskState(String status, String code, String message, List<ResultImage> images) {

        /** PENDING, RUNNING, SUSPENDED and any status DashScope adds later: keep polling. */
        boolean isFinished() {
            return switch (status) {
                case "SUCCEEDED", "FAILED", "CANCELED", "UNKNOWN" -> true;
                default -> false;
            };
        }
    }

    private DashScopeResponses() {
    }

    /** The {@code output.task_id} of a submit answer. */
    static String taskId(JsonObject submitted) {
        String taskId = JsonFields.text(JsonFields.object(submitted, "output"), "task_id");
        if (taskId == null || taskId.isBlank()) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, "DashScope accepted the task without a task_id");
        }
        return taskId;
    }

    /** {@code GET /api/v1/tasks/{id}}; results with an error {@code code} instead of a URL are skipped. */
    static TaskState taskState(JsonObject answer) {
        JsonObject output = JsonFields.object(answer, "output");
        List<ResultImage> images = new ArrayList<>();
        for (JsonObject result : JsonFields.objects(JsonFields.array(output, "results"))) {
            if (JsonFields.text(result, "url") != null) {
                images.add(new ResultImage(JsonFields.text(result, "url"), JsonFields.text(result, "actual_prompt")));
            }
        }
        return new TaskState(JsonFields.text(output, "task_status", "UNKNOWN"), JsonFields.text(output, "code"),
                JsonFields.text(output, "message"), images);
    }

    /** The image URLs of a sync multimodal-generation answer. */
    static List<ResultImage> syncImages(JsonObject answer) {
        List<ResultImage> images = new ArrayList<>();
        for (JsonObject choice : JsonFields.objects(JsonFields.array(JsonFields.object(answer, "output"), "choices"))) {
            JsonObject message = JsonFields.object(choice, "message");
            for (JsonObject content : JsonFields.objects(JsonFields.array(message, "content"))) {
                if (JsonFields.text(content, "image") != null) {
                    images.add(new ResultImage(JsonFields.text(content, "image"), null));
                }
            }
        }
        if (images.isEmpty()) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, "DashScope answered without any image");
        }
        return images;
    }
}
