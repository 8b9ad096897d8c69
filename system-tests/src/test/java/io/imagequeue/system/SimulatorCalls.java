package io.imagequeue.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What the provider simulator recorded: the upstream calls the workers really made. */
final class SimulatorCalls {

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
