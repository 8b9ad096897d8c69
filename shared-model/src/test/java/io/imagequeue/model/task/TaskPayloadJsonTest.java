package io.imagequeue.model.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.request.GenerationParams;
import io.imagequeue.model.request.RequestValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskPayloadJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void payloadWithAValidatedRequestRoundTrips() throws Exception {
        var request = new RequestValidator(ModelCatalog.loadDefault()).validate("openai/gpt-image-1.5-I2I",
                GenerationParams.builder().prompt("make it blue").inputImageCount(1).hasMask(true).build());
        var payload = new TaskPayload(request, "b64_json", List.of("inputs/tsk_1/0.png"), "inputs/tsk_1/mask.png");
        String json = mapper.writeValueAsString(payload);
        assertThat(json).contains("\"input_image_keys\"", "\"request\":{\"model\":\"openai/gpt-image-1.5\"");
        assertThat(mapper.readValue(json, TaskPayload.class)).isEqualTo(payload);
    }

    @Test
    void payloadWithoutInputImagesReadsBackWithAnEmptyList() throws Exception {
        var request = new RequestValidator(ModelCatalog.loadDefault())
                .validate("dall-e-3", GenerationParams.builder().prompt("a fox").build());
        TaskPayload read = mapper.readValue(mapper.writeValueAsString(TaskPayload.of(request, "url")), TaskPayload.class);
        assertThat(read.inputImageKeys()).isEmpty();
        assertThat(read.request()).isEqualTo(request);
    }
}
