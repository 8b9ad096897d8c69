package io.imagequeue.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: status, headers and body bytes, or the instruction to hang (never answer until the
 * simulator closes), which is how the {@code hang} fault reproduces a stalled upstream.
 */
public record SimResponse(int status, Map<String, String> headers, byte[] body, boolean hang) {

    public static SimResponse json(int status, Object value) {
        return bytes(status, "application/json", Json.write(value));
    }

    public static SimResponse bytes(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new SimResponse(status, headers, body, false);
    }

    public static SimResponse text(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse empty(int status) {
        return new SimResponse(status, new LinkedHashMap<>(), new byte[0], false);
    }

    public static SimResponse hangForever() {
        return new SimResponse(0, Map.of(), new byte[0], true);
    }

    /** A copy with one more header (a later value for the same name wins). */
    public SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, copy, body, hang);
    }
}
