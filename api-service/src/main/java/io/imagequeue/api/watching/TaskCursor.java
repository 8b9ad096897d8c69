package io.imagequeue.api.watching;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.tasks.TaskAddresses;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The list's {@code after} cursor: the last task of a page, by its exact creation time (PostgreSQL's
 * text form, which casts back to the same instant) and address, the list's sort key. Opaque to
 * clients (base64url); a cursor that does not decode to that is a 400, never a SQL error.
 */
public record TaskCursor(String createdAt, String taskId) {

    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?[+-]\\d{2}(:\\d{2}){0,2}");

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + taskId).getBytes(StandardCharsets.UTF_8));
    }

    public static TaskCursor decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int bar = text.indexOf('|');
        if (bar < 0 || !TIMESTAMP.matcher(text.substring(0, bar)).matches()
                || !TaskAddresses.isWellFormed(text.substring(bar + 1))) {
            throw invalid();
        }
        return new TaskCursor(text.substring(0, bar), text.substring(bar + 1));
    }

    private static ApiException invalid() {
        return ApiException.invalid("after", "invalid_cursor",
                "after must be a next_cursor value from an earlier page of this list.");
    }
}
