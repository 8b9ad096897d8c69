package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stored images are deleted at the end of retention and their task turns {@code expired}. */
class RetentionIT {

    private static Stack stack;
    private static Http client;
    private static Tasks tasks;

    @BeforeAll
    static void startStack() {
        // Retention shortened from 7 days to seconds: the sweep is the same, only sooner.
        stack = Stack.start(1, Map.of("IMAGEQUEUE_RETENTION_IMAGES", "PT4S", "IMAGEQUEUE_RETENTION_SWEEP_INTERVAL", "PT1S"));
        client = new Http(stack.apiUrl(), Stack.API_KEY);
        tasks = new Tasks(client);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aSucceededTaskExpiresWithoutResultAndItsImageIsDeleted() {
        Http.Answer accepted = client.post("/v2/image/gpt-image/generate",
                "{\"prompt\": \"kept for a while\", \"quality\": \"low\", \"async\": true}");
        assertThat(accepted.status()).isEqualTo(202);
        String task = accepted.body().get("task_address").asText();

        JsonNode succeeded = tasks.awaitTerminal(task);
        assertThat(succeeded.get("status").asText()).isEqualTo("succeeded");
        String link = succeeded.at("/result/images/0").asText();
        assertThat(Http.status(link)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> tasks.get(task).get("status").asText().equals("expired"));

        JsonNode expired = tasks.get(task);
        assertThat(expired.has("result")).isFalse();
        assertThat(Http.status(link)).as("the stored image is gone").isEqualTo(404);
    }
}
