package io.imagequeue.model.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

class NormalizedRequestJsonTest {

    // A plain mapper, as a service might configure it: the record's own annotations must suffice.
    private final ObjectMapper mapper = new ObjectMapper();

    private static NormalizedRequest everyFieldSet() {
        return new NormalizedRequest("openai/gpt-image-1.5", "a fox", 2, 1536, 1024, "1536x1024", "3:2", "1K",
                "high", "vivid", "webp", 80, "transparent", 3.5, 30, "blurry", 42L, 2, 7.0, "low", "user-1");
    }

    @Test
    void roundTripsWithEveryFieldSet() throws Exception {
        NormalizedRequest request = everyFieldSet();
        assertThat(mapper.readValue(mapper.writeValueAsString(request), NormalizedRequest.class)).isEqualTo(request);
    }

    @Test
    void roundTripsAValidatedRequestWithNulls() throws Exception {
        NormalizedRequest request = new RequestValidator(ModelCatalog.loadDefault())
                .validate("auto", GenerationParams.builder().prompt("a fox").build());
        assertThat(mapper.readValue(mapper.writeValueAsBytes(request), NormalizedRequest.class)).isEqualTo(request);
    }

    @Test
    void writesSnakeCaseNamesAndOmitsNulls() throws Exception {
        String json = mapper.writeValueAsString(everyFieldSet());
        assertThat(json).contains("\"aspect_ratio\":\"3:2\"", "\"num_inference_steps\":30", "\"output_compression\":80",
                "\"safety_tolerance\":2", "\"input_fidelity\":\"low\"", "\"image_size\":\"1K\"");
        assertThat(json).doesNotContain("pricing");

        String sparse = mapper.writeValueAsString(new NormalizedRequest("dall-e-3", "a fox", 1, 1024, 1024,
                "1024x1024", null, null, "standard", null, "png", null, null, null, null, null, null, null, null,
                null, null));
        assertThat(sparse).doesNotContain("null").doesNotContain("style");
    }

    @Test
    void readingIgnoresPropertiesItDoesNotKnowSoOldAndNewRowsStayReadable() throws Exception {
        String json = """
                {"model": "dall-e-3", "prompt": "a fox", "n": 1, "size": "1024x1024",
                 "width": 1024, "height": 1024, "quality": "hd", "added_in_a_later_version": {"x": 1}}""";
        NormalizedRequest request = mapper.readValue(json, NormalizedRequest.class);
        assertThat(request.model()).isEqualTo("dall-e-3");
        assertThat(request.quality()).isEqualTo("hd");
        assertThat(request.seed()).isNull();
    }
}
