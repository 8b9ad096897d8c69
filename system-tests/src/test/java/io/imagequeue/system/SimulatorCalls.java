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
