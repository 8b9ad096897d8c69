package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v2/tasks/{id}/cancel} on queued, running and finished tasks. */
class CancelIT {

    private static Stack stack;
    private static Http client;
    private static Tasks tasks;
    private static SimulatorCalls calls;

    @BeforeAll
    static void startStack() {
        // FLUX.2 [pro] may run one call at a time, so a second task waits in the queue.
        stack = Stack.start(1, Map.of("IMAGEQUEUE_RATE_LIMIT_OVERRIDES", "black-forest-labs/FLUX-2-pro=600/1"));
        client = new Http(stack.apiUrl(), Stack.API_KEY);
        tasks = new Tasks(client);
        calls = new SimulatorCalls(stack.simulatorUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aQueuedTaskThatIsCanceledIsNeverSentUpstream() {
        long callsBefore = calls.generations("bfl");
        String running = tasks.submitFlux("\"prompt\": \"[sim:latency=3000] busy\", \"width\": 64, \"height\": 64");
        tasks.awaitStatus(running, "running");
        String waiting = tasks.submitFlux("\"prompt\": \"never drawn\", \"width\": 64, \"height\": 64");

        Http.Answer canceled = client.post("/v2/tasks/" + waiting + "/cancel", "");

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.body().get("status").asText()).isEqualTo("canceled");
        assertThat(tasks.awaitTerminal(running).get("status").asText()).isEqualTo("succeeded");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(calls.generations("bfl") - callsBefore).isEqualTo(1));
        assertThat(tasks.get(waiting).get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void aRunningTaskThatIsCanceledKeepsNoResult() {
        String address = tasks.submitFlux("\"prompt\": \"[sim:latency=2500] interrupted\", \"width\": 64, \"height\": 64");
        tasks.awaitStatus(address, "running");

        assertThat(client.post("/v2/tasks/" + address + "/cancel", "").status()).isEqualTo(200);

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            JsonNode task = tasks.get(address);
            assertThat(task.get("status").asText()).isEqualTo("canceled");
            assertThat(task.has("result")).isFalse();
        });
    }

    @Test
    void cancelingAFinishedTaskIsAConflict() {
        String address = tasks.submitFlux("\"prompt\": \"done already\", \"width\": 64, \"height\": 64");
        assertThat(tasks.awaitTerminal(address).get("status").asText()).isEqualTo("succeeded");

        Http.Answer answer = client.post("/v2/tasks/" + address + "/cancel", "");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().at("/error/type").asText()).isEqualTo("conflict_error");
    }

    @Test
    void cancelingTwiceAnswersTheCanceledTaskAgain() {
        String running = tasks.submitFlux("\"prompt\": \"[sim:latency=1500] twice\", \"width\": 64, \"height\": 64");
        assertThat(client.post("/v2/tasks/" + running + "/cancel", "").status()).isEqualTo(200);
        assertThat(client.post("/v2/tasks/" + running + "/cancel", "").body().get("status").asText()).isEqualTo("canceled");
    }

    @Test
    void anInteractiveTaskOvertakesABatchBacklogOfTheSameModel() {
        java.util.List<String> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(tasks.submitFlux("\"prompt\": \"[sim:latency=1200] batch " + i
                    + "\", \"width\": 64, \"height\": 64, \"priority\": \"batch\""));
        }
        tasks.awaitStatus(batch.get(0), "running");

        String interactive = tasks.submitFlux("\"prompt\": \"[sim:latency=200] interactive\", \"width\": 64, \"height\": 64");

        assertThat(tasks.awaitTerminal(interactive).get("status").asText()).isEqualTo("succeeded");
        long stillQueued = batch.stream().filter(a -> tasks.get(a).get("status").asText().equals("queued")).count();
        assertThat(stillQueued).as("batch tasks still waiting when the interactive one finished").isGreaterThanOrEqualTo(2);
        batch.forEach(a -> assertThat(tasks.awaitTerminal(a).get("status").asText()).isEqualTo("succeeded"));
    }

    @Test
    void cancelingAnotherTenantsOrAnUnknownTaskIsNotFound() {
        assertThat(client.post("/v2/tasks/tsk_0000000000000000000000/cancel", "").status()).isEqualTo(404);
    }
}
