package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.model.catalog.Dimensions;
import io.imagequeue.testinfra.ManagedProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What clients written elsewhere assume of the gateway: SDK-style base URLs, listed sizes, a clean exit. */
class ClientConventionsIT {

    private static Stack stack;
    private static Http client;
    private static Tasks tasks;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(0);
        // The form every OpenAI SDK documents: the API root, /v1 included.
        stack.addWorker(Map.of("IMAGEQUEUE_PROVIDERS_OPENAI_BASE_URL", stack.simulatorUrl() + "/v1"));
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
    void anOpenAiBaseUrlEndingInV1ReachesTheProvider() {
        Http.Answer accepted = client.post("/v1/images/generations",
                "{\"model\": \"dall-e-2\", \"prompt\": \"a small red kite\", \"size\": \"256x256\", \"async\": true}");
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);

        JsonNode task = tasks.awaitTerminal(accepted.body().get("task_address").asText(), Duration.ofSeconds(60));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("succeeded");
    }

    @Test
    void everyListedSizeIsAConcreteSizeTheModelAccepts() {
        JsonNode models = client.get("/v1/models").body().get("data");

        assertThat(models).isNotEmpty();
        for (JsonNode model : models) {
            for (JsonNode size : model.get("sizes")) {
                assertThat(Dimensions.parse(size.asText())).as("%s lists %s", model.get("id"), size).isPresent();
                Http.Answer sentBack = client.post("/v1/images/generations", "{\"model\": \"" + model.get("id").asText()
                        + "\", \"prompt\": \"a kite\", \"size\": \"" + size.asText() + "\", \"async\": true}");
                assertThat(sentBack.status()).as("%s with size %s: %s", model.get("id"), size, sentBack.body())
                        .isEqualTo(202);
            }
        }
    }

    @Test
    void bothServicesCountTheObjectStoreInTheirReadiness() {
        assertThat(Http.text(stack.apiUrl() + "/q/health/ready")).contains("\"object-store\"");
        assertThat(Http.text(stack.workerUrl(stack.workers().get(0)) + "/q/health/ready")).contains("\"object-store\"");
    }

    @Test
    void anApiExitsZeroAfterAGracefulSigterm() {
        stack.addApi();
        ManagedProcess replica = stack.apiReplicas().getLast();

        assertThat(replica.terminate()).isZero();
    }
}
