package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.testinfra.EventStreamClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watching work from outside, on the whole stack: a task's event stream while a backlog drains in
 * front of it, and the task list paged while new tasks keep arriving.
 */
class TaskWatchingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** FLUX.2 [pro] runs one call at a time here, so tasks submitted together queue behind each other. */
    private static final String ONE_AT_A_TIME = "black-forest-labs/FLUX-2-pro=600/1";

    private static final FaultTable REPORT = new FaultTable();

    private static Stack stack;
    private static Tenants tenants;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(1, Map.of("IMAGEQUEUE_RATE_LIMIT_OVERRIDES", ONE_AT_A_TIME));
        tenants = new Tenants(stack);
    }

    @AfterAll
    static void stopStack() {
        System.out.println(REPORT.render());
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTasksStreamShowsItMoveUpTheQueueThenRunThenSucceedAndEnds() throws Exception {
        String key = aNewTenantsKey();
        Tasks tasks = new Tasks(new Http(stack.apiUrl(), key));
        for (int i = 0; i < 4; i++) {
            tasks.submitFlux("\"prompt\": \"[sim:latency=1200] ahead " + i + "\", \"width\": 64, \"height\": 64");
        }
        String watched = tasks.submitFlux("\"prompt\": \"the watched one\", \"width\": 64, \"height\": 64");

        List<JsonNode> seen = new ArrayList<>();
        try (EventStreamClient stream = EventStreamClient.open(events(watched), key, null)) {
            assertThat(stream.status()).isEqualTo(200);
            for (EventStreamClient.Event event = stream.next(); event != EventStreamClient.END; event = stream.next()) {
                assertThat(event.name()).isEqualTo("status");
                seen.add(JSON.readTree(event.data()));
            }
        }

        List<String> statuses = seen.stream().map(task -> task.get("status").asText()).toList();
        assertThat(statuses).as("statuses in order, as streamed").startsWith("queued").endsWith("succeeded")
                .isSubsetOf("queued", "running", "succeeded");
        assertThat(statuses.indexOf("running")).as("running comes after the last queued")
                .isGreaterThan(statuses.lastIndexOf("queued"));
        List<Long> positions = seen.stream().filter(task -> task.get("status").asText().equals("queued"))
                .map(task -> task.get("queue_position").asLong()).toList();
        assertThat(positions.getFirst()).as("tasks ahead when the stream opened").isPositive();
        assertThat(positions).as("queue positions while waiting").isSortedAccordingTo((a, b) -> Long.compare(b, a))
                .doesNotHaveDuplicates().hasSizeGreaterThan(1);
        assertThat(seen.stream().filter(task -> !task.get("status").asText().equals("queued")))
                .allSatisfy(task -> assertThat(task.has("queue_position")).isFalse());
        assertThat(seen.getLast().has("result")).as("stream items carry no images").isFalse();
    }

    @Test
    void aStreamWhoseReplicaIsKilledResumesOnAnotherWithLastEventIdAndSeesTheEnd() throws Exception {
        String replica = stack.addApi(); // before the backlog: a replica takes seconds to start
        String key = aNewTenantsKey();
        Tasks tasks = new Tasks(new Http(stack.apiUrl(), key));
        for (int i = 0; i < 3; i++) {
            tasks.submitFlux("\"prompt\": \"[sim:latency=3000] ahead of a killed stream " + i + "\", \"width\": 64, \"height\": 64");
        }
        String watched = tasks.submitFlux("\"prompt\": \"watched through a replica's death\", \"width\": 64, \"height\": 64");

        String lastSeen;
        try (EventStreamClient first = EventStreamClient.open(URI.create(replica + "/v2/tasks/" + watched + "/events"), key, null)) {
            EventStreamClient.Event seen = first.next();
            assertThat(JSON.readTree(seen.data()).get("status").asText()).as("seen before the kill").isEqualTo("queued");
            lastSeen = seen.id();
            stack.apiReplicas().getLast().kill();
            assertThat(first.next()).as("the killed replica's stream ends").isEqualTo(EventStreamClient.END);
        }
        List<String> resumedIds = new ArrayList<>();
        String lastStatus = null;
        try (EventStreamClient resumed = EventStreamClient.open(events(watched), key, lastSeen)) {
            for (EventStreamClient.Event event = resumed.next(); event != EventStreamClient.END; event = resumed.next()) {
                resumedIds.add(event.id());
                lastStatus = JSON.readTree(event.data()).get("status").asText();
            }
        }

        assertThat(resumedIds).as("the state seen before the kill is not sent again").doesNotContain(lastSeen);
        assertThat(lastStatus).as("the resumed stream reached the end").isEqualTo("succeeded");
        REPORT.add(new FaultTable.Row("API replica serving an event stream SIGKILLed", 1,
                "succeeded".equals(lastStatus) ? 1 : 0, 0, "succeeded".equals(lastStatus) ? 0 : 1, 0));
    }

    @Test
    void theListPagesThroughHundredsOfTasksWithoutDuplicatesOrGapsWhileNewOnesArrive() {
        Http owner = new Http(stack.apiUrl(), aNewTenantsKey());
        Set<String> before = new HashSet<>(submitMany(owner, 240, "listed"));

        CompletableFuture<List<String>> arriving = CompletableFuture.supplyAsync(() -> submitMany(owner, 60, "arriving"));
        List<JsonNode> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Answer page = owner.get("/v2/tasks?limit=37" + (cursor == null ? "" : "&after=" + cursor));
            assertThat(page.status()).as("page answer %s", page.body()).isEqualTo(200);
            page.body().get("data").forEach(listed::add);
            cursor = page.body().get("has_more").asBoolean() ? page.body().get("next_cursor").asText() : null;
            pages++;
        } while (cursor != null);
        List<String> arrived = arriving.join();

        List<String> addresses = listed.stream().map(task -> task.get("task_address").asText()).toList();
        assertThat(addresses).as("no task twice").doesNotHaveDuplicates();
        assertThat(addresses).as("every task there before paging began").containsAll(before);
        assertThat(addresses).as("nothing but the tenant's own tasks").allMatch(a -> before.contains(a) || arrived.contains(a));
        assertThat(pages).isGreaterThanOrEqualTo(240 / 37);
        assertThat(listed).as("newest first").isSortedAccordingTo(
                (a, b) -> Long.compare(b.get("created_at").asLong(), a.get("created_at").asLong()));
        assertThat(listed).as("list items link nothing heavy").noneMatch(task -> task.has("result"));

        Http.Answer stranger = new Http(stack.apiUrl(), aNewTenantsKey()).get("/v2/tasks?limit=100");
        assertThat(stranger.status()).isEqualTo(200);
        assertThat(stranger.body().get("data")).as("another tenant's list").isEmpty();
        assertThat(stranger.body().get("has_more").asBoolean()).isFalse();
        assertThat(new Http(stack.apiUrl(), aNewTenantsKey()).get("/v2/tasks/" + before.iterator().next() + "/events")
                .status()).as("another tenant's stream of one of them").isEqualTo(404);
        cancelAll(owner, before);
        cancelAll(owner, arrived);
    }

    /** Submits batch-lane tasks that wait behind the one-at-a-time limit, and returns their addresses. */
    private static List<String> submitMany(Http owner, int count, String label) {
        Tasks tasks = new Tasks(owner);
        return IntStream.range(0, count).mapToObj(i -> tasks.submitFlux(
                "\"prompt\": \"" + label + " " + i + "\", \"width\": 64, \"height\": 64, \"priority\": \"batch\""))
                .toList();
    }

    /** Leaves no backlog behind for the next test class on the shared database. */
    private static void cancelAll(Http owner, Iterable<String> addresses) {
        for (String address : addresses) {
            owner.post("/v2/tasks/" + address + "/cancel", "");
        }
    }

    private static String aNewTenantsKey() {
        return tenants.aNewTenantsKey("watch-", "1000", "{}");
    }

    private static URI events(String task) {
        return URI.create(stack.apiUrl() + "/v2/tasks/" + task + "/events");
    }
}
