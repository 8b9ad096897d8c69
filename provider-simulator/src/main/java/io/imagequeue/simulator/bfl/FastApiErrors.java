package io.imagequeue.simulator.bfl;

import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.SimResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects request validation errors and renders them as FastAPI/pydantic v2 does:
 * 422 {@code {"detail":[{"type","loc","msg","input","ctx"?}]}}.
 */
final class FastApiErrors {

    private final List<Map<String, Object>> errors = new ArrayList<>();

    void add(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx) {
        Map<String, Object> error = Json.obj("type", type, "loc", loc, "msg", msg, "input", input);
        if (ctx != null) {
            error.put("ctx", ctx);
        }
        errors.add(error);
    }

    void field(String type, String field, String msg, Object input, Map<String, Object> ctx) {
        add(type, List.of("body", field), msg, input, ctx);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    SimResponse toResponse() {
        return SimResponse.json(422, Map.of("detail", errors));
    }

    static SimResponse single(String type, List<Object> loc, String msg, Object input) {
        FastApiErrors errors = new FastApiErrors();
        errors.add(type, loc, msg, input, null);
        return errors.toResponse();
    }
}
