package io.imagequeue.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.imagequeue.simulator.calls.CallLog;
import io.imagequeue.simulator.calls.CallRecord;
import io.imagequeue.simulator.core.SimulatorContext;
import io.imagequeue.simulator.fault.UnknownFaultException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The single JDK {@code HttpHandler}: reads the body, routes, runs the handler, writes the answer and records the
 * call. Simulator mistakes (unknown fault markers, bugs) are answered with a {@code simulator_error} body that no
 * real provider would send, so they cannot be mistaken for protocol behaviour.
 */
public final class RequestDispatcher implements HttpHandler {

    private final Router router;
    private final CallLog calls;
    private final SimulatorContext context;

    public RequestDispatcher(Router router, CallLog calls, SimulatorContext context) {
        this.router = router;
        this.calls = calls;
        this.context = context;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long arrivedAt = System.currentTimeMillis();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = decodePath(exchange.getRequestURI().getRawPath());
            Optional<Router.Match> match = router.match(method, path);
            if (match.isEmpty()) {
                write(exchange, SimResponse.json(404, Map.of("detail", "Not Found")));
                return;
            }
            Router.Route route = match.get().route();
            SimRequest request = new SimRequest(method, path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), body, match.get().pathParams(), arrivedAt);
            SimResponse response = invoke(route, request);
            if (response.hang()) {
                record(route, request, 0, arrivedAt);
                hang();
                return;
            }
            // Recorded before writing, so a client that has seen the answer also sees it in the call log.
            record(route, request, response.status(), arrivedAt);
            write(exchange, response);
        }
    }

    private SimResponse invoke(Router.Route route, SimRequest request) {
        try {
            return route.handler().handle(request);
        } catch (UnknownFaultException e) {
            return SimResponse.json(400, Map.of("simulator_error", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SimResponse.json(503, Map.of("simulator_error", "simulator is shutting down"));
        } catch (Exception e) {
            System.err.println("provider-simulator: handler failed for " + request.method() + " " + request.path());
            e.printStackTrace(System.err);
            return SimResponse.json(500, Map.of("simulator_error", String.valueOf(e)));
        }
    }

    private void hang() {
        try {
            context.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(Router.Route route, SimRequest request, int status, long arrivedAt) {
        if (route.provider() == null) {
            return;
        }
        calls.record(new CallRecord(route.provider(), request.recordedModel(), route.kind(), request.method(),
                request.path(), arrivedAt, status, request.recordedFault(), System.currentTimeMillis() - arrivedAt));
    }

    private static void write(HttpExchange exchange, SimResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = response.body();
        boolean noBody = body.length == 0 || response.status() == 204 || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String decodePath(String rawPath) {
        return java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
