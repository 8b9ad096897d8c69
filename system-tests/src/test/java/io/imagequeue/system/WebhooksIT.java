package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Webhooks end to end: the packaged API and two workers push every task event to a receiver on
 * 127.0.0.1 that verifies each delivery with the Standard Webhooks reference library. Every task
 * gets exactly the events it asked for, in order, each under one webhook id, through receiver
 * errors, a receiver that is down, and a worker killed mid-delivery. The fault suite runs the
 * outage for two minutes and more tasks ({@code imagequeue.webhooks.it.*}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksIT {

    private static final int RECEIVER_DOWN_SECONDS = Integer.getInteger("imagequeue.webhooks.it.receiver-down-seconds", 8);
    private static final int TASKS = Integer.getInteger("imagequeue.webhooks.it.tasks", 6);
    private static final List<String> ALL_EVENTS = List.of("started", "succeeded", "failed", "canceled");

    private static final FaultTable REPORT = new FaultTable();
    private static Stack stack;
    private static Http client;
    private static Tasks tasks;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startStack() {
        stack = Stack.withServiceSettings(2, Map.of(
                "IMAGEQUEUE_WEBHOOKS_SIGNING_KEY", "system-webhook-signing-key-0123456789abcdef",
                "IMAGEQUEUE_WEBHOOKS_ALLOW_PRIVATE_DESTINATIONS", "true",
                // Short retries (about 3.5 minutes in all), so that the outage scenarios end in seconds
                // after the receiver is back.
                "IMAGEQUEUE_WEBHOOKS_RETRY_SCHEDULE", "PT1S,PT2S,PT4S,PT5S,PT5S,PT5S," + String.join(",", Collections.nCopies(20, "PT10S")),
                "IMAGEQUEUE_WEBHOOKS_TIMEOUT", "PT5S",
                "IMAGEQUEUE_WEBHOOKS_LEASE", "PT8S"));
        client = new Http(stack.apiUrl(), Stack.API_KEY);
        tasks = new Tasks(client);
        receiver = new WebhookReceiver(client.get("/v2/webhooks/secret").body().get("secret").asText());
    }

    @AfterAll
    static void stopStack() {
        System.out.println(REPORT.render());
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyTaskGetsExactlyItsRequestedEventsInOrderAllSigned() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        String path = "/in-order";
        expected.put(submit("a lighthouse", path, ALL_EVENTS), List.of("task.started", "task.succeeded"));
        expected.put(submit("a fox", path, null), List.of("task.succeeded"));
        expected.put(submit("[sim:moderate-output] a fox", path, ALL_EVENTS), List.of("task.started", "task.failed"));
        expected.put(submit("a quiet pond", path, List.of("started")), List.of("task.started"));
        String canceled = submit("[sim:latency=4000] a storm", path, List.of("started", "canceled"));
        expected.put(canceled, List.of("task.started", "task.canceled"));
        tasks.awaitStatus(canceled, "running");
        assertThat(client.post("/v2/tasks/" + canceled + "/cancel", "{}").status()).isEqualTo(200);

        awaitEvents(expected, Duration.ofSeconds(60));

        Map<String, List<WebhookReceiver.Received>> got = receiver.firstArrivalsByTask();
        expected.forEach((task, types) -> assertThat(got.get(task)).extracting(WebhookReceiver.Received::type)
                .as("events of %s", task).containsExactlyElementsOf(types));
        assertThat(receivedAt(path)).allSatisfy(r -> assertThat(r.verified()).as("signature of %s", r.webhookId()).isTrue());
        assertThat(exactlyOneIdPerEvent(receivedAt(path))).isTrue();
        JsonNode succeeded = got.get(expected.keySet().iterator().next()).get(1).body();
        assertThat(succeeded.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(succeeded.at("/data/status").asText()).isEqualTo("succeeded");
        assertThat(succeeded.at("/data/result/images/0").asText()).as("links, never base64").startsWith("http");
        assertThat(succeeded.at("/data/webhook_events").size()).isEqualTo(4);
    }

    @Test
    @Order(2)
    void aReceiverAnswering500FirstGetsTheEventUnderOneWebhookIdAndTheAttemptsAreListed() {
        String path = "/flaky";
        receiver.answer((p, attempt) -> p.equals(path) && attempt <= 2 ? 500 : 200);
        String task = submit("a flaky receiver", path, null);

        // The event counts as received at its first (refused) attempt: wait for the two retries too.
        await().atMost(Duration.ofSeconds(60)).until(() -> receivedAt(path).size() >= 3);

        List<WebhookReceiver.Received> sent = receivedAt(path);
        assertThat(sent).hasSize(3).extracting(WebhookReceiver.Received::webhookId).containsOnly(sent.get(0).webhookId());
        assertThat(sent).allSatisfy(r -> assertThat(r.verified()).isTrue());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode delivery = client.get("/v2/tasks/" + task + "/webhooks").body().at("/data/0");
            assertThat(delivery.get("state").asText()).isEqualTo("delivered");
            assertThat(delivery.get("webhook_id").asText()).isEqualTo(sent.get(0).webhookId());
            assertThat(StreamSupport.stream(delivery.get("attempts").spliterator(), false)
                    .map(a -> a.get("status_code").asInt()).toList()).containsExactly(500, 500, 200);
        });
    }

    @Test
    @Order(3)
    void redeliverSendsTheLastEventAgainUnderItsWebhookId() {
        String path = "/redeliver";
        String task = submit("once more", path, null);
        awaitEvents(Map.of(task, List.of("task.succeeded")), Duration.ofSeconds(60));
        String id = receivedAt(path).get(0).webhookId();

        assertThat(client.post("/v2/tasks/" + task + "/webhooks/redeliver", "{}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> receivedAt(path).size() == 2);
        assertThat(receivedAt(path)).extracting(WebhookReceiver.Received::webhookId).containsExactly(id, id);
    }

    @Test
    @Order(4)
    void aReceiverAnswering410HearsNothingMoreOfThatTask() {
        String path = "/gone";
        receiver.answer((p, attempt) -> p.equals(path) ? 410 : 200);
        String task = submit("[sim:latency=1500] gone", path, List.of("started", "succeeded"));

        tasks.awaitTerminal(task);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.get("/v2/tasks/" + task + "/webhooks")
                .body().get("data")).allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("failed")));

        assertThat(receivedAt(path)).extracting(WebhookReceiver.Received::type).containsExactly("task.started");
    }

    @Test
    @Order(5)
    void aReceiverThatIsDownGetsEveryEventOnceItIsBack() {
        String path = "/down";
        receiver.answer((p, attempt) -> 200);
        receiver.stop();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < TASKS; i++) {
            expected.put(submit("while the receiver is down " + i, path, List.of("started", "succeeded")),
                    List.of("task.started", "task.succeeded"));
        }
        expected.keySet().forEach(task -> tasks.awaitTerminal(task, Duration.ofSeconds(120)));
        sleep(Duration.ofSeconds(RECEIVER_DOWN_SECONDS));
        receiver.start();

        awaitEvents(expected, Duration.ofSeconds(60));

        report("webhooks: receiver down " + RECEIVER_DOWN_SECONDS + " s", path, expected);
    }

    @Test
    @Order(6)
    void aWorkerKilledMidDeliveryLosesNoEvent() {
        String path = "/slow";
        receiver.delayAnswers(1500);
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < TASKS; i++) {
            expected.put(submit("slow receiver " + i, path, List.of("started", "succeeded")),
                    List.of("task.started", "task.succeeded"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !receivedAt(path).isEmpty());

        stack.workers().get(0).kill();

        awaitEvents(expected, Duration.ofSeconds(120));
        receiver.delayAnswers(0);
        report("webhooks: worker SIGKILLed mid-delivery", path, expected);
    }

    /** Submits an async flux task with a webhook to the receiver's {@code path}. */
    private static String submit(String prompt, String path, List<String> events) {
        String eventsField = events == null ? "" : ", \"webhook_events\": [\"" + String.join("\", \"", events) + "\"]";
        return tasks.submitFlux("\"prompt\": \"" + prompt + "\", \"width\": 64, \"height\": 64, \"webhook_url\": \""
                + receiver.url(path) + "\"" + eventsField);
    }

    private static void awaitEvents(Map<String, List<String>> expected, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, List<WebhookReceiver.Received>> got = receiver.firstArrivalsByTask();
            return expected.entrySet().stream().allMatch(e -> got.getOrDefault(e.getKey(), List.of()).size() >= e.getValue().size());
        });
    }

    private static List<WebhookReceiver.Received> receivedAt(String path) {
        return receiver.received().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** No event came under two ids, and no id carried two events. */
    private static boolean exactlyOneIdPerEvent(List<WebhookReceiver.Received> received) {
        return duplicateIds(received) == 0;
    }

    private static long duplicateIds(List<WebhookReceiver.Received> received) {
        Map<String, Set<String>> idsByEvent = new HashMap<>();
        Map<String, Set<String>> eventsById = new HashMap<>();
        for (WebhookReceiver.Received r : received) {
            String event = r.taskAddress() + "/" + r.type();
            idsByEvent.computeIfAbsent(event, e -> new HashSet<>()).add(r.webhookId());
            eventsById.computeIfAbsent(r.webhookId(), i -> new HashSet<>()).add(event);
        }
        return idsByEvent.values().stream().filter(ids -> ids.size() > 1).count()
                + eventsById.values().stream().filter(events -> events.size() > 1).count();
    }

    /**
     * One fault-table row: events expected (submitted), delivered in order and verified (succeeded),
     * missing (lost) and duplicate webhook ids (in the duplicate-calls column).
     */
    private static void report(String scenario, String path, Map<String, List<String>> expected) {
        List<WebhookReceiver.Received> received = receivedAt(path);
        Map<String, List<WebhookReceiver.Received>> got = receiver.firstArrivalsByTask();
        int events = expected.values().stream().mapToInt(List::size).sum();
        int inOrder = 0;
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> types = new ArrayList<>(got.getOrDefault(e.getKey(), List.of()).stream()
                    .map(WebhookReceiver.Received::type).toList());
            if (types.equals(e.getValue())) {
                inOrder += types.size();
            }
        }
        long unverified = received.stream().filter(r -> !r.verified()).count();
        long duplicates = duplicateIds(received);
        REPORT.add(new FaultTable.Row(scenario + " (events; dup = duplicate webhook ids)", events, inOrder, 0,
                events - inOrder, duplicates));

        assertThat(inOrder).as("events delivered in order").isEqualTo(events);
        assertThat(unverified).as("deliveries failing verification").isZero();
        assertThat(duplicates).as("duplicate webhook ids").isZero();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
