package io.imagequeue.cli;

import java.util.Map;

/**
 * One line of a prompt file: where it is (for messages), its custom_id (which names its image files
 * and its idempotency key), and the request fields it sets (prompt and any other).
 */
public record PromptLine(int lineNumber, String customId, Map<String, Object> fields) {

    public String prompt() {
        return String.valueOf(fields.get("prompt"));
    }
}
