package io.imagequeue.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imagequeue.testinfra.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A webhook receiver on 127.0.0.1 as a client would run it: every request is verified with the
 * Standard Webhooks reference library ({@code com.standardwebhooks}) under the tenant's secret,
 * and recorded. What it answers is up to the test ({@link #answer}); it can be stopped and started
 * again on the same port, as a receiver that is down for a while.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Received(String webhookId, String type, String taskAddress, boolean verified, JsonNode body, String path) {
    }

    private final int port = FreePorts.next();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    /** (path, attempt number of this webhook id) to the status to answer. */
    private volatile BiFunction<String, Integer, Integer> answer = (path, attempt) -> 200;
    private volatile long answerDelayMillis;
    private HttpServer server;

    WebhookReceiver(String secret) {
        secrets.add(secret);
        start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Also accept deliveries signed with this secret (after a rotation). */
    void trust(String secret) {
        secrets.add(secret);
    }

    void answer(BiFunction<String, Integer, Integer> answer) {
        this.answer = answer;
    }

    /** Hold every answer this long (a slow receiver, so that deliveries are in flight). */
    void delayAnswers(long millis) {
        this.answerDelayMillis = millis;
    }

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    synchronized void stop() {
        server.stop(0);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The verified events each task received, by webhook id, in the order they first arrived. */
    Map<String, List<Received>> firstArrivalsByTask() {
        Map<String, Map<String, Received>> byTask = new LinkedHashMap<>();
        for (Received r : received) {
            if (r.verified()) {
                byTask.computeIfAbsent(r.taskAddress(), t -> new LinkedHashMap<>()).putIfAbsent(r.webhookId(), r);
            }
        }
        Map<String, List<Received>> result = new LinkedHashMap<>();
        byTask.forEach((task, byId) -> result.put(task, new ArrayList<>(byId.values())));
        return result;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            boolean verified = secrets.stream().anyMatch(secret -> verifies(secret, body, exchange));
            JsonNode json = JSON.readTree(body);
            received.add(new Received(id, json.path("type").asText(), json.path("data").path("task_address").asText(),
                    verified, json, exchange.getRequestURI().getPath()));
            int attempt = attemptsById.computeIfAbsent(id == null ? "" : id, k -> new AtomicInteger()).incrementAndGet();
            if (answerDelayMillis > 0) {
                Thread.sleep(answerDelayMillis);
            }
            exchange.sendResponseHeaders(answer.apply(exchange.getRequestURI().getPath(), attempt), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean verifies(String secret, String body, HttpExchange exchange) {
        try {
            new Webhook(secret).verify(body, exchange.getRequestHeaders());
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
