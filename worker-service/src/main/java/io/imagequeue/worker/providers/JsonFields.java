package io.imagequeue.worker.providers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Null-safe reads of provider JSON. Providers write absent fields as explicit {@code null}, and
 * Vert.x's {@code getString(key, default)} returns that null instead of the default; a field of an
 * unexpected type is treated as absent rather than failing the read.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The string value, or null when absent, null or not a string. */
    public static String text(JsonObject object, String key) {
        return object != null && object.getValue(key) instanceof String value ? value : null;
    }

    /** The string value, or {@code fallback} when absent, null or not a string. */
    public static String text(JsonObject object, String key, String fallback) {
        String value = text(object, key);
        return value != null ? value : fallback;
    }

    /** The object value, or an empty object. */
    public static JsonObject object(JsonObject object, String key) {
        return object != null && object.getValue(key) instanceof JsonObject value ? value : new JsonObject();
    }

    /** The array value, or an empty array. */
    public static JsonArray array(JsonObject object, String key) {
        return object != null && object.getValue(key) instanceof JsonArray value ? value : new JsonArray();
    }

    /** The boolean value, or {@code fallback}. */
    public static boolean flag(JsonObject object, String key, boolean fallback) {
        return object != null && object.getValue(key) instanceof Boolean value ? value : fallback;
    }

    /** The objects of an array, skipping anything else. */
    public static Iterable<JsonObject> objects(JsonArray array) {
        return () -> array.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).iterator();
    }
}
