package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Submits tasks and follows them through {@code GET /v2/tasks/{id}}, as a polling client does. */
final class Tasks {

    static final String FLUX = "/v2/image/flux/generate";
    private static final Set<String> UNFINISHED = Set.of("queued", "running");

    private final Http client;

    Tasks(Http client) {
        this.client = client;
    }

    /** The client these tasks are submitted and read with (its key's tenant). */
    Http client() {
        return client;
    }

    /** Submits an async flux task and returns its address. */
    String submitFlux(String jsonFields) {
        Http.Answer accepted = client.post(FLUX, "{" + jsonFields + ", \"async\": true}");
        assertThat(accepted.status()).as("submit answer %s", accepted.body()).isEqualTo(202);
        return accepted.body().get("task_address").asText();
    }

    JsonNode get(String address) {
        Http.Answer answer = client.get("/v2/tasks/" + address);
        assertThat(answer.status()).as("poll answer %s", answer.body()).isEqualTo(200);
        return answer.body();
    }

    JsonNode awaitTerminal(String address) {
        return awaitTerminal(address, Duration.ofSeconds(60));
    }

    JsonNode awaitTerminal(String address, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(get(address));
            return !UNFINISHED.contains(last.get().get("status").asText());
        });
        return last.get();
    }

    void awaitStatus(String address, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(get(address).get("status").asText()));
    }
}
