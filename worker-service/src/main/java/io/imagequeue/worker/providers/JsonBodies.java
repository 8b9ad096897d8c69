package io.imagequeue.worker.providers;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/** Reads provider answers as JSON objects, turning unreadable success bodies into a retryable failure. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body of a successful answer; a truncated or non-JSON body is RETRY {@code provider_bad_response}. */
    public static JsonObject success(String provider, HttpResponse<Buffer> response) {
        JsonObject body = parse(response);
        if (body == null) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, provider + " answered with a body that is not JSON");
        }
        return body;
    }

    /** The body of an error answer, or an empty object when it is not JSON (proxies answer HTML). */
    public static JsonObject error(HttpResponse<Buffer> response) {
        JsonObject body = parse(response);
        return body == null ? new JsonObject() : body;
    }

    private static JsonObject parse(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            Object value = io.vertx.core.json.Json.decodeValue(body.getDelegate());
            return value instanceof JsonObject object ? object : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
