package io.imagequeue.api.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.OpenApiDocs;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.api.tasks.GenerationIntake;
import io.imagequeue.model.request.GenerationParams;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v2/image/gemini-3/generate}: Gemini 3 Pro Image, by aspect ratio and resolution tier. */
@Path(Endpoints.GEMINI_GENERATE)
@Tag(name = "Provider endpoints")
public class GeminiResource {

    static final String MODEL = "google/gemini-3-pro-T2I";
    private static final Set<String> FIELDS = Set.of("prompt", "aspect_ratio", "image_size", "async", "priority", "webhook_url", "webhook_events");

    private final GenerationIntake intake;
    private final ObjectMapper json;

    public GeminiResource(GenerationIntake intake, ObjectMapper json) {
        this.intake = intake;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Gemini 3 Pro Image: text to image", description = """
            `prompt` (required), `aspect_ratio` (`1:1`; also `2:3`, `3:2`, `3:4`, `4:3`, `4:5`, `5:4`, `9:16`,
            `16:9`, `21:9`), `image_size` (`1K`; also `2K`, `4K`), `async`.""" + OpenApiDocs.WEBHOOK_FIELDS)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "gemini", value = """
                    {"prompt": "a watercolour map of Lisbon", "aspect_ratio": "16:9", "image_size": "2K"}""")))
    @APIResponse(responseCode = "200", description = "Base64 images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "images", value = OpenApiDocs.BASE64_IMAGES)))
    @APIResponse(responseCode = "202", description = "Accepted (async)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = OpenApiDocs.ACCEPTED)))
    public Uni<Response> generate(byte[] rawBody, @Context HttpHeaders headers) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(FIELDS);
        GenerationParams params = GenerationParams.builder()
                .prompt(body.string("prompt"))
                .aspectRatio(ProviderFields.orDefault(body.string("aspect_ratio"), "1:1"))
                .imageSize(body.string("image_size"))
                .build();
        return intake.submit(Endpoints.GEMINI_GENERATE, body, MODEL, params, "b64_json", headers);
    }
}
