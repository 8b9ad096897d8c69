package io.imagequeue.api.watching;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.task.TaskStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The filters and page of {@code GET /v2/tasks}, checked: every bad value is a 400 naming its
 * parameter. Times are Unix seconds (as the task object's {@code created_at}) or RFC 3339.
 *
 * @param statuses empty for every status
 * @param model the canonical model id, or null for every model
 * @param createdAfter inclusive lower bound, epoch seconds, or null
 * @param createdBefore exclusive upper bound, epoch seconds, or null
 * @param after the cursor of the previous page, or null for the first
 */
public record TaskListQuery(Set<TaskStatus> statuses, String model, Long createdAfter, Long createdBefore,
                            int limit, TaskCursor after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static TaskListQuery of(ModelCatalog catalog, List<String> status, String model, String createdAfter,
                                   String createdBefore, String limit, String after) {
        Long from = time("created_after", createdAfter);
        Long until = time("created_before", createdBefore);
        return new TaskListQuery(statuses(status), model(catalog, model), from, until, limit(limit),
                after == null || after.isEmpty() ? null : TaskCursor.decode(after));
    }

    private static Set<TaskStatus> statuses(List<String> values) {
        Set<TaskStatus> statuses = new LinkedHashSet<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String one : value.split(",")) {
                try {
                    statuses.add(TaskStatus.fromWire(one.trim()));
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid("status", "invalid_value",
                            "status must be one or more of queued, running, succeeded, failed, canceled, expired.");
                }
            }
        }
        return statuses;
    }

    private static String model(ModelCatalog catalog, String model) {
        if (model == null || model.isEmpty()) {
            return null;
        }
        return catalog.find(model).map(ModelSpec::id).orElseThrow(() -> ApiException.invalid("model",
                "model_not_found", "model must be a model id of GET /v1/models."));
    }

    private static Long time(String param, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) && value.length() <= 12
                    ? Long.parseLong(value)
                    : Instant.parse(value).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, "invalid_value",
                    param + " must be Unix seconds or an RFC 3339 time such as 2026-12-07T21:00:00Z.");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below like any other out-of-range value
        }
        throw ApiException.invalid("limit", "invalid_value", "limit must be an integer from 1 to " + MAX_LIMIT + ".");
    }

    /** The statuses as their wire values, for the query. */
    List<String> statusWires() {
        List<String> wires = new ArrayList<>();
        statuses.forEach(s -> wires.add(s.wire()));
        return wires;
    }
}
