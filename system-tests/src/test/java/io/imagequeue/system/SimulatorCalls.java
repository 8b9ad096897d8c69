package io.imagequeue.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the provider simulator recorded: the upstream calls the workers really made. */
final class SimulatorCalls {

    private static final Pattern TAG = Pattern.compile("(?:^|:)tag=([A-Za-z0-9_-]+)");

    private final Http simulator;

    SimulatorCalls(String simulatorUrl) {
        this.simulator = new Http(simulatorUrl, null);
    }

    /** Epoch milliseconds of every generation call (polls and downloads excluded) for a provider and upstream model. */
    List<Long> generations(String provider, String upstreamModel) {
        JsonNode calls = simulator.get("/_sim/calls?provider=" + provider + "&kind=generate").body().get("calls");
        List<Long> times = new ArrayList<>();
        for (JsonNode call : calls) {
            if (upstreamModel == null || upstreamModel.equals(call.path("model").asText())) {
                times.add(call.get("at_ms").asLong());
            }
        }
        return times;
    }

    long generations(String provider) {
        return generations(provider, null).size();
    }

    /**
     * Generation calls of a provider per task tag: a task whose prompt carries {@code [sim:latency=N:tag=T]}
     * is recorded with that marker, so each call the simulator accepted is attributed to its task. Calls
     * refused before any work (a 429 for concurrency) record their refusal instead and are not counted.
     */
    Map<String, Long> generationsByTag(String provider) {
        Map<String, Long> byTag = new HashMap<>();
        generationTimesByTag(provider).forEach((tag, times) -> byTag.put(tag, (long) times.size()));
        return byTag;
    }

    /** Epoch milliseconds of each tagged generation call, per tag (see {@link #generationsByTag}). */
    Map<String, List<Long>> generationTimesByTag(String provider) {
        JsonNode calls = simulator.get("/_sim/calls?provider=" + provider + "&kind=generate").body().get("calls");
        Map<String, List<Long>> byTag = new HashMap<>();
        for (JsonNode call : calls) {
            Matcher tag = TAG.matcher(call.path("fault").asText(""));
            if (tag.find()) {
                byTag.computeIfAbsent(tag.group(1), t -> new ArrayList<>()).add(call.get("at_ms").asLong());
            }
        }
        return byTag;
    }

    /** The prompt marker that sets a call's latency and tags it with a task: see {@link #generationsByTag}. */
    static String taggedLatency(String tag, int latencyMillis) {
        if (!tag.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("a tag is letters, digits, '-' and '_': " + tag);
        }
        return "[sim:latency=" + latencyMillis + ":tag=" + tag + "]";
    }

    /**
     * The share of a limit of {@code limit} calls per window that a backlog used. No call can come
     * sooner than one window after the call {@code limit} places before it (else that window would
     * hold {@code limit + 1}), so a backlog served at the full limit has every such gap exactly one
     * window long: the use is the window over the mean gap. How the first window filled up (the
     * submissions arriving) does not count; every later delay does. 1.0 when no call had to wait.
     */
    static double useOfLimit(List<Long> times, int limit, long windowMillis) {
        List<Long> sorted = times.stream().sorted().toList();
        if (sorted.size() <= limit) {
            return 1.0;
        }
        double gaps = 0;
        for (int k = limit; k < sorted.size(); k++) {
            gaps += sorted.get(k) - sorted.get(k - limit);
        }
        return windowMillis / (gaps / (sorted.size() - limit));
    }

    /** The most calls any window of {@code windowMillis} holds (windows start at each call). */
    static int busiestWindow(List<Long> times, long windowMillis) {
        List<Long> sorted = times.stream().sorted().toList();
        int busiest = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (sorted.get(end) - sorted.get(start) >= windowMillis) {
                start++;
            }
            busiest = Math.max(busiest, end - start + 1);
        }
        return busiest;
    }
}
