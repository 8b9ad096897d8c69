package io.imagequeue.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.http.MultipartForm;

/** Read access to request fields, whether they came as JSON (generations) or multipart text parts (edits). */
interface ImageRequestFields {

    /** The field as text (numbers and booleans in their JSON spelling), or null when absent or JSON null. */
    String text(String name);

    /** Whether the field is a JSON string (for type checks); multipart fields are always strings. */
    boolean isString(String name);

    static ImageRequestFields of(JsonNode body) {
        return new ImageRequestFields() {
            @Override
            public String text(String name) {
                JsonNode node = body.get(name);
                return node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
            }

            @Override
            public boolean isString(String name) {
                JsonNode node = body.get(name);
                return node != null && node.isTextual();
            }
        };
    }

    static ImageRequestFields of(MultipartForm form) {
        return new ImageRequestFields() {
            @Override
            public String text(String name) {
                return form.first(name).filter(p -> !p.isFile()).map(MultipartForm.Part::text).orElse(null);
            }

            @Override
            public boolean isString(String name) {
                return form.has(name);
            }
        };
    }
}
