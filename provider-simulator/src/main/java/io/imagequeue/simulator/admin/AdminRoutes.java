package io.imagequeue.simulator.admin;

import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.calls.CallLog;
import io.imagequeue.simulator.core.RuntimeSettings;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.Router;
import io.imagequeue.simulator.http.SimRequest;
import io.imagequeue.simulator.http.SimResponse;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's own endpoints: {@code /health} and {@code /_sim/*} (call log, runtime configuration, reset).
 * None of them is recorded in the call log.
 */
public final class AdminRoutes {

    private final CallLog calls;
    private final RuntimeSettings settings;
    private final Runnable resetAll;

    public AdminRoutes(CallLog calls, RuntimeSettings settings, Runnable resetAll) {
        this.calls = calls;
        this.settings = settings;
        this.resetAll = resetAll;
    }

    public void register(Router router) {
        router.add("GET", "/health", request -> SimResponse.json(200, Map.of("status", "UP")));
        router.add("GET", "/_sim/calls", this::listCalls);
        router.add("DELETE", "/_sim/calls", request -> {
            calls.clear();
            return SimResponse.empty(204);
        });
        router.add("GET", "/_sim/config", request -> SimResponse.json(200, settings.toJson()));
        router.add("POST", "/_sim/config", this::updateConfig);
        router.add("DELETE", "/_sim/config", request -> {
            settings.reset();
            return SimResponse.json(200, settings.toJson());
        });
        router.add("POST", "/_sim/reset", request -> {
            resetAll.run();
            return SimResponse.empty(204);
        });
    }

    private SimResponse listCalls(SimRequest request) {
        String kindText = request.query("kind");
        CallKind kind;
        try {
            kind = kindText == null ? null : CallKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return SimResponse.json(400, Map.of("simulator_error", "kind must be generate, poll, download or meta"));
        }
        return SimResponse.json(200, calls.toJson(CallLog.matching(request.query("provider"), request.query("model"), kind)));
    }

    private SimResponse updateConfig(SimRequest request) {
        try {
            settings.apply(Json.read(request.body()));
        } catch (IOException | IllegalArgumentException e) {
            return SimResponse.json(400, Map.of("simulator_error", "invalid config: " + e.getMessage()));
        }
        return SimResponse.json(200, settings.toJson());
    }
}
