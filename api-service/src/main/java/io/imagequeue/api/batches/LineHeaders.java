package io.imagequeue.api.batches;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The headers a batch line is submitted with: only its {@code Idempotency-Key}, which makes the
 * line's task unique to the batch and {@code custom_id}, so submitting it again finds that task.
 */
final class LineHeaders implements HttpHeaders {

    private final MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();

    LineHeaders(String idempotencyKey) {
        headers.putSingle("Idempotency-Key", idempotencyKey);
    }

    @Override
    public List<String> getRequestHeader(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public String getHeaderString(String name) {
        List<String> values = getRequestHeader(name);
        return values == null ? null : String.join(",", values);
    }

    @Override
    public MultivaluedMap<String, String> getRequestHeaders() {
        return headers;
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
        return List.of(MediaType.APPLICATION_JSON_TYPE);
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
        return List.of();
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.APPLICATION_JSON_TYPE;
    }

    @Override
    public Locale getLanguage() {
        return null;
    }

    @Override
    public Map<String, Cookie> getCookies() {
        return Map.of();
    }

    @Override
    public Date getDate() {
        return null;
    }

    @Override
    public int getLength() {
        return -1;
    }
}
