package io.imagequeue.model.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.imagequeue.model.task.TaskPriority;
import java.io.IOException;

/**
 * Turns {@link TaskJob}s into Kafka record values (UTF-8 JSON) and back, rejecting anything a
 * consumer could not act on; thread-safe.
 *
 * <p>Unknown fields are ignored so that a later schema can add optional fields without a version
 * bump; a new {@code schema_version} is refused so that an old consumer dead-letters what it cannot
 * understand instead of guessing.
 */
public final class TaskJobCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Encodes a job as JSON.
     *
     * @throws IllegalArgumentException when the job could not be decoded again (a bug in the producer)
     */
    public byte[] encode(TaskJob job) {
        if (job == null) {
            throw new IllegalArgumentException("job must not be null");
        }
        try {
            check(job);
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException("Refusing to send an invalid task message: " + e.reason(), e);
        }
        try {
            return MAPPER.writeValueAsBytes(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + job, e);
        }
    }

    /**
     * Decodes a record value.
     *
     * @throws MalformedMessageException when it is empty, not a JSON object, lacks a field, has a
     *     field of the wrong type, names an unknown priority or has a schema version other than
     *     {@link TaskJob#CURRENT_SCHEMA}
     */
    public TaskJob decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedMessageException("empty message");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new MalformedMessageException("not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException("not a JSON object");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || version.isNull()) {
            throw new MalformedMessageException("missing field 'schema_version'");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new MalformedMessageException("field 'schema_version' is not an integer");
        }
        if (version.intValue() != TaskJob.CURRENT_SCHEMA) {
            throw new MalformedMessageException("unsupported schema_version " + version.intValue()
                    + " (this consumer reads " + TaskJob.CURRENT_SCHEMA + ")");
        }
        TaskJob job = new TaskJob(version.intValue(), text(root, "task_id"), text(root, "model"), text(root, "priority"));
        check(job);
        return job;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new MalformedMessageException("missing field '" + field + "'");
        }
        if (!node.isTextual()) {
            throw new MalformedMessageException("field '" + field + "' is not a string");
        }
        return node.textValue();
    }

    private static void check(TaskJob job) {
        if (job.schemaVersion() != TaskJob.CURRENT_SCHEMA) {
            throw new MalformedMessageException("unsupported schema_version " + job.schemaVersion()
                    + " (this consumer reads " + TaskJob.CURRENT_SCHEMA + ")");
        }
        requireText("task_id", job.taskId());
        requireText("model", job.model());
        requireText("priority", job.priority());
        try {
            TaskPriority.fromWire(job.priority());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("unknown priority '" + job.priority() + "'");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null) {
            throw new MalformedMessageException("missing field '" + field + "'");
        }
        if (value.isBlank()) {
            throw new MalformedMessageException("field '" + field + "' is blank");
        }
    }
}
