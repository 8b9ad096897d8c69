package io.imagequeue.api.errors;

import io.imagequeue.model.error.ErrorType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the contract's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response of(ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", e.getMessage());
        error.put("type", e.type().wire());
        error.put("param", e.param());
        error.put("code", e.code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.putAll(e.extraFields());
        Response.ResponseBuilder response = Response.status(e.type().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        e.headers().forEach(response::header);
        return response.build();
    }

    public static Response of(ErrorType type, String code, String message) {
        return of(new ApiException(type, code, null, message));
    }

    /** For HTTP statuses the contract's table has no row of its own (405, an odd 4xx). */
    public static Response withStatus(int status, ErrorType type, String code, String message) {
        return Response.fromResponse(of(type, code, message)).status(status).build();
    }
}
