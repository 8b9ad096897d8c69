package io.imagequeue.api.batches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.tasks.Endpoints;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** A {@code POST /v1/batches} body, checked field by field with OpenAI's limits. */
public record BatchRequest(String inputFileId, String endpoint, String completionWindow, String metadataJson) {

    static final Set<String> ENDPOINTS = Set.of(Endpoints.OPENAI_GENERATIONS, Endpoints.OPENAI_EDITS);
    static final String WINDOW = "24h";
    private static final Set<String> FIELDS = Set.of("input_file_id", "endpoint", "completion_window", "metadata",
            "output_expires_after");
    private static final int MAX_METADATA_KEYS = 16;
    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 512;

    public static BatchRequest parse(ObjectMapper json, byte[] raw) {
        JsonBody body = JsonBody.parse(json, raw).rejectUnknown(FIELDS);
        String inputFileId = required(body, "input_file_id");
        String endpoint = required(body, "endpoint");
        if (!ENDPOINTS.contains(endpoint)) {
            throw ApiException.invalid("endpoint", "invalid_value",
                    "'endpoint' must be '" + Endpoints.OPENAI_GENERATIONS + "' or '" + Endpoints.OPENAI_EDITS
                            + "': this service batches image requests only.");
        }
        String window = required(body, "completion_window");
        if (!WINDOW.equals(window)) {
            throw ApiException.invalid("completion_window", "invalid_value", "'completion_window' must be '24h'.");
        }
        return new BatchRequest(inputFileId, endpoint, window, metadata(json, body.node("metadata")));
    }

    private static String required(JsonBody body, String name) {
        String value = body.string(name);
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(name, "missing_required_parameter", "Missing required parameter: '" + name + "'.");
        }
        return value;
    }

    /** Up to 16 string pairs, keys up to 64 characters and values up to 512; JSON {@code null} when absent. */
    private static String metadata(ObjectMapper json, JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return "null";
        }
        if (!metadata.isObject()) {
            throw ApiException.invalid("metadata", "invalid_type", "'metadata' must be an object of string values.");
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw ApiException.invalid("metadata", "invalid_value", "'metadata' takes at most 16 keys.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = metadata.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().length() > MAX_METADATA_KEY) {
                throw ApiException.invalid("metadata", "invalid_value", "A 'metadata' key is at most 64 characters.");
            }
            if (!field.getValue().isTextual() || field.getValue().textValue().length() > MAX_METADATA_VALUE) {
                throw ApiException.invalid("metadata." + field.getKey(), "invalid_value",
                        "A 'metadata' value is a string of at most 512 characters.");
            }
        }
        return metadata.toString();
    }
}
