package io.imagequeue.api.errors;

import io.imagequeue.model.error.ErrorType;
import java.util.Map;

/** An error answered to the client in the contract's {@code {"error": {...}}} shape. */
public class ApiException extends RuntimeException {

    private final ErrorType type;
    private final String code;
    private final String param;
    private final Map<String, String> headers;
    private final Map<String, Object> extraFields;

    public ApiException(ErrorType type, String code, String param, String message) {
        this(type, code, param, message, Map.of(), Map.of());
    }

    public ApiException(ErrorType type, String code, String param, String message,
                        Map<String, String> headers, Map<String, Object> extraFields) {
        super(message);
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = headers;
        this.extraFields = extraFields;
    }

    public static ApiException invalid(String param, String code, String message) {
        return new ApiException(ErrorType.INVALID_REQUEST, code, param, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(ErrorType.NOT_FOUND, code, null, message);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(ErrorType.AUTHENTICATION, "invalid_api_key", null, message);
    }

    public ErrorType type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Fields beside {@code error} in the body, such as {@code task_address} on a 504. */
    public Map<String, Object> extraFields() {
        return extraFields;
    }
}
