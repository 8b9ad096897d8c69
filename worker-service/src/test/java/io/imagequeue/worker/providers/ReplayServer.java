package io.imagequeue.worker.providers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server that replays canned answers (PROVIDERS.md's documented payloads), for the cases
 * the simulator cannot produce on demand. Each route answers its answers in turn, repeating the last.
 */
public final class ReplayServer implements AutoCloseable {

    /** One canned answer. */
    public record Answer(int status, String contentType, byte[] body) {

        public static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer bytes(int status, String contentType, byte[] body) {
            return new Answer(status, contentType, body);
        }
    }

    private final HttpServer server;
    private final Map<String, List<Answer>> routes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Integer> served = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> requests = new ConcurrentLinkedDeque<>();

    private ReplayServer(HttpServer server) {
        this.server = server;
    }

    public static ReplayServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ReplayServer replay = new ReplayServer(server);
            server.createContext("/", replay::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return replay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests whose method and path (without query) match, in turn; the last answer repeats. */
    public ReplayServer on(String method, String path, Answer... answers) {
        routes.put(method + " " + path, List.of(answers));
        return this;
    }

    /** Every request received, as {@code METHOD path}. */
    public List<String> requests() {
        return new ArrayList<>(requests);
    }

    public long count(String method, String path) {
        return requests.stream().filter((method + " " + path)::equals).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        requests.add(key);
        List<Answer> answers = routes.get(key);
        Answer answer;
        if (answers == null) {
            answer = Answer.json(404, "{\"error\":\"no replay for " + key + "\"}");
        } else {
            int index = served.merge(key, 1, Integer::sum) - 1;
            answer = answers.get(Math.min(index, answers.size() - 1));
        }
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
