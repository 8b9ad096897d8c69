package io.imagequeue.simulator.http;

import io.imagequeue.simulator.calls.CallKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps method + path to a handler; the first registered route that matches wins, so specific paths must be
 * registered before patterns that would also match them.
 */
public final class Router {

    /** Handles one matched request. */
    @FunctionalInterface
    public interface Handler {
        SimResponse handle(SimRequest request) throws Exception;
    }

    /**
     * A registered route. {@code provider} and {@code kind} say how the call log records it; a null provider
     * (admin and health routes) is not recorded.
     */
    public record Route(String method, PathTemplate template, String provider, CallKind kind, Handler handler) {
    }

    /** A route plus the values of its path variables. */
    public record Match(Route route, Map<String, String> pathParams) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public void add(String method, String template, String provider, CallKind kind, Handler handler) {
        routes.add(new Route(method, new PathTemplate(template), provider, kind, handler));
    }

    /** An unrecorded route (admin, health). */
    public void add(String method, String template, Handler handler) {
        add(method, template, null, null, handler);
    }

    public Optional<Match> match(String method, String path) {
        for (Route route : routes) {
            if (!route.method().equalsIgnoreCase(method)) {
                continue;
            }
            Optional<Map<String, String>> params = route.template().match(path);
            if (params.isPresent()) {
                return Optional.of(new Match(route, params.get()));
            }
        }
        return Optional.empty();
    }
}
