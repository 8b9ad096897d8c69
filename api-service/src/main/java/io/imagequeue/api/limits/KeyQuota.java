package io.imagequeue.api.limits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a key stands in its request window after a submission, as the {@code x-ratelimit-*}
 * headers tell it (OpenAI's names, so SDKs and dashboards read them).
 *
 * @param limit        requests the key may submit per window
 * @param remaining    requests left in the current window
 * @param resetSeconds seconds until the window starts over
 */
public record KeyQuota(int limit, int remaining, long resetSeconds) {

    public static final String LIMIT_HEADER = "x-ratelimit-limit-requests";
    public static final String REMAINING_HEADER = "x-ratelimit-remaining-requests";
    public static final String RESET_HEADER = "x-ratelimit-reset-requests";

    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LIMIT_HEADER, Integer.toString(limit));
        headers.put(REMAINING_HEADER, Integer.toString(Math.max(0, remaining)));
        headers.put(RESET_HEADER, Math.max(1, resetSeconds) + "s");
        return headers;
    }
}
