package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.model.catalog.AspectRatios;
import io.imagequeue.model.catalog.Capability;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every model that {@code GET /v1/models} lists generates through the whole stack against the simulator. */
class EveryModelIT {

    private static Stack stack;
    private static Http client;
    private static Tasks tasks;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(1);
        client = new Http(stack.apiUrl(), Stack.API_KEY);
        tasks = new Tasks(client);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    static Stream<String> listedModels() {
        return ModelCatalog.loadDefault().models().stream().map(ModelSpec::id);
    }

    @ParameterizedTest
    @MethodSource("listedModels")
    void generatesThroughItsProvidersProtocol(String modelId) throws Exception {
        assertThat(listedIds()).contains(modelId);
        ModelSpec model = ModelCatalog.loadDefault().resolve(modelId);
        Http.Answer accepted = model.has(Capability.TEXT_TO_IMAGE)
                ? client.post("/v1/images/generations", "{\"model\": \"" + modelId
                + "\", \"prompt\": \"a small red kite\", \"response_format\": \"b64_json\", \"async\": true}")
                : client.post("/v1/images/edits", "{\"model\": \"" + modelId
                + "\", \"prompt\": \"make it blue\", \"images\": [{\"image_url\": \"" + pngDataUrl()
                + "\"}], \"response_format\": \"b64_json\", \"async\": true}");
        assertThat(accepted.status()).as("%s: %s", modelId, accepted.body()).isEqualTo(202);

        JsonNode task = tasks.awaitTerminal(accepted.body().get("task_address").asText(), Duration.ofSeconds(90));

        assertThat(task.get("status").asText()).as("%s: %s", modelId, task).isEqualTo("succeeded");
        assertThat(task.get("model").asText()).isEqualTo(modelId);
        byte[] image = Base64.getDecoder().decode(task.at("/result/data/0/b64_json").asText());
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(image));
        assertThat(decoded).as("%s decodes", modelId).isNotNull();
        if (!(model.sizeRule() instanceof AspectRatios)) {
            assertThat(decoded.getWidth() + "x" + decoded.getHeight()).as("%s: the default size, exactly", modelId)
                    .isEqualTo(model.sizeRule().defaultSize());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "edit"})
    void qwenWithoutASizeAnswersTheContractsDefault1024x1024(String route) throws Exception {
        String body = route.equals("generate") ? "{\"prompt\": \"a tea house\"}"
                : "{\"prompt\": \"make it blue\", \"image\": \"" + pngDataUrl() + "\"}";

        Http.Answer answer = client.post("/v2/image/qwen/" + route, body);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        byte[] image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(answer.body().at("/urls/0").asText()))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(image));
        assertThat(decoded.getWidth() + "x" + decoded.getHeight()).isEqualTo("1024x1024");
    }

    private static List<String> listedIds() {
        List<String> ids = new ArrayList<>();
        client.get("/v1/models").body().get("data").forEach(model -> ids.add(model.get("id").asText()));
        return ids;
    }

    private static String pngDataUrl() {
        return "data:image/png;base64," + TestImages.base64Png(256, 256);
    }
}
