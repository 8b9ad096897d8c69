package io.imagequeue.api.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's Batch object and list shape. */
@ApplicationScoped
public class BatchViews {

    private final ObjectMapper json;

    public BatchViews(ObjectMapper json) {
        this.json = json;
    }

    public Map<String, Object> batch(BatchRecord batch) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", batch.id());
        view.put("object", "batch");
        view.put("endpoint", batch.endpoint());
        view.put("model", null);
        view.put("errors", parse(batch.errors()));
        view.put("input_file_id", batch.inputFileId());
        view.put("completion_window", batch.completionWindow());
        view.put("status", batch.status());
        view.put("output_file_id", batch.outputFileId());
        view.put("error_file_id", batch.errorFileId());
        view.put("created_at", batch.createdAt());
        view.put("in_progress_at", batch.inProgressAt());
        view.put("expires_at", batch.expiresAt());
        view.put("finalizing_at", batch.finalizingAt());
        view.put("completed_at", batch.completedAt());
        view.put("failed_at", batch.failedAt());
        view.put("expired_at", batch.expiredAt());
        view.put("cancelling_at", batch.cancellingAt());
        view.put("cancelled_at", batch.cancelledAt());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("total", batch.total());
        counts.put("completed", batch.completed());
        counts.put("failed", batch.failed());
        view.put("request_counts", counts);
        view.put("metadata", parse(batch.metadata()));
        return view;
    }

    /** A page of {@code limit} of the rows (which hold one more when another page follows). */
    public Map<String, Object> list(List<BatchRecord> rows, int limit) {
        List<BatchRecord> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("object", "list");
        view.put("data", page.stream().map(this::batch).toList());
        view.put("first_id", page.isEmpty() ? null : page.get(0).id());
        view.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        view.put("has_more", rows.size() > limit);
        return view;
    }

    /** Plain maps and lists, which every JSON writer renders the same way; JSON {@code null} is null. */
    private Object parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch column holds JSON the database itself checked", e);
        }
    }
}
