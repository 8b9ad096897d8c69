package io.imagequeue.simulator.http;

import com.sun.net.httpserver.Headers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One received request with its body already read, plus two notes a handler leaves for the call log: which
 * model the call was for and which fault (if any) shaped the answer.
 */
public final class SimRequest {

    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Headers headers;
    private final byte[] body;
    private final Map<String, String> pathParams;
    private final long receivedAtMs;
    private volatile String model;
    private volatile String fault;

    public SimRequest(String method, String path, String rawQuery, Headers headers, byte[] body,
                      Map<String, String> pathParams, long receivedAtMs) {
        this.method = method;
        this.path = path;
        this.query = parseQuery(rawQuery);
        this.headers = headers;
        this.body = body;
        this.pathParams = Map.copyOf(pathParams);
        this.receivedAtMs = receivedAtMs;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public byte[] body() {
        return body;
    }

    public long receivedAtMs() {
        return receivedAtMs;
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        return headers == null ? null : headers.getFirst(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    public Map<String, String> queryParams() {
        return Collections.unmodifiableMap(query);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String contentType() {
        String value = header("Content-Type");
        return value == null ? "" : value;
    }

    /** Notes the model this call was about, for the call log. */
    public void recordModel(String model) {
        this.model = model;
    }

    /** Notes the fault that decided the answer, for the call log. */
    public void recordFault(String fault) {
        this.fault = fault;
    }

    public String recordedModel() {
        return model;
    }

    public String recordedFault() {
        return fault;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            values.putIfAbsent(decode(key), decode(value));
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** All values of a header, never null. */
    public List<String> headerValues(String name) {
        List<String> values = headers == null ? null : headers.get(name);
        return values == null ? List.of() : values;
    }
}
