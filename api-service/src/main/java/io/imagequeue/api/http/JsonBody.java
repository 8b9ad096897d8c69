package io.imagequeue.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagequeue.api.errors.ApiException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * A JSON request body read field by field, so that every type error names its parameter.
 */
public final class JsonBody {

    private final ObjectNode root;

    private JsonBody(ObjectNode root) {
        this.root = root;
    }

    public static JsonBody parse(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid(null, "invalid_json",
                    "We could not parse the JSON body of your request: the body is empty.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(null, "invalid_json",
                    "We could not parse the JSON body of your request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalid(null, "invalid_json", "We could not parse the JSON body of your request.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalid(null, "invalid_json", "The JSON body of your request must be an object.");
        }
        return new JsonBody(object);
    }

    /** A body already in tree form, such as the scalar fields of a multipart form. */
    public static JsonBody of(ObjectNode root) {
        return new JsonBody(root);
    }

    public ObjectNode root() {
        return root;
    }

    /** Refuses fields this endpoint does not know, as OpenAI does, instead of silently ignoring them. */
    public JsonBody rejectUnknown(Set<String> known) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.invalid(name, "unknown_parameter", "Unrecognized request argument supplied: " + name);
            }
        }
        return this;
    }

    public boolean has(String name) {
        JsonNode value = root.get(name);
        return value != null && !value.isNull();
    }

    /** The raw value of a field, or null when it is absent or JSON null. */
    public JsonNode node(String name) {
        return present(name);
    }

    public String string(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw typeError(name, "a string");
        }
        return value.textValue();
    }

    public Integer integer(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw typeError(name, "an integer");
        }
        return value.intValue();
    }

    public Long longInteger(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw typeError(name, "an integer");
        }
        return value.longValue();
    }

    public Double number(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw typeError(name, "a number");
        }
        return value.doubleValue();
    }

    public boolean bool(String name, boolean defaultValue) {
        JsonNode value = present(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw typeError(name, "a boolean");
        }
        return value.booleanValue();
    }

    private JsonNode present(String name) {
        JsonNode value = root.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static ApiException typeError(String name, String expected) {
        return ApiException.invalid(name, "invalid_type", "Invalid type for '" + name + "': expected " + expected + ".");
    }
}
