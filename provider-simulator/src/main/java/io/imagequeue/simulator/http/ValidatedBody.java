package io.imagequeue.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JSON request body read and checked into a protocol's job, or the protocol's own error answer:
 * the first steps every JSON generation route takes. A body that fails validation is recorded as the
 * {@code invalid-request} fault; one that is not JSON is answered but not recorded, as before.
 *
 * @param job   the validated job, or null when {@code error} is set
 * @param error the answer to send instead, or null
 */
public record ValidatedBody<J>(J job, SimResponse error) {

    /**
     * @param notJson  the protocol's answer to a body that is not JSON
     * @param validate a job of {@code jobType}, or the {@link SimResponse} that rejects the body
     */
    public static <J> ValidatedBody<J> read(SimRequest request, Supplier<SimResponse> notJson,
                                            Function<JsonNode, Object> validate, Class<J> jobType) {
        JsonNode body;
        try {
            body = Json.read(request.body());
        } catch (IOException e) {
            return new ValidatedBody<>(null, notJson.get());
        }
        Object validated = validate.apply(body);
        if (validated instanceof SimResponse rejected) {
            request.recordFault("invalid-request");
            return new ValidatedBody<>(null, rejected);
        }
        return new ValidatedBody<>(jobType.cast(validated), null);
    }

    public boolean rejected() {
        return error != null;
    }
}
