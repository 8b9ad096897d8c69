package io.imagequeue.api.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.OpenApiDocs;
import io.imagequeue.api.inputs.ImageSource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v2/image/flux/generate}: FLUX.2 [pro], text to image with up to four reference
 * images, answering base64 images.
 */
@Path(Endpoints.FLUX_GENERATE)
@Tag(name = "Provider endpoints", description = "One endpoint per provider, each with its own fields and result body")
public class FluxResource {

    static final String MODEL = "black-forest-labs/FLUX-2-pro";
    /** The reference-image fields, in the order their images are sent upstream. */
    static final List<String> INPUT_IMAGES = List.of("input_image", "input_image_2", "input_image_3", "input_image_4");
    private static final Set<String> FIELDS = Set.of("prompt", "width", "height", "seed", "safety_tolerance",
            "output_format", "input_image", "input_image_2", "input_image_3", "input_image_4", "async", "priority", "webhook_url", "webhook_events");

    private final GenerationIntake intake;
    private final ObjectMapper json;

    public FluxResource(GenerationIntake intake, ObjectMapper json) {
        this.intake = intake;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "FLUX.2 [pro]: text to image, with up to 4 reference images", description = """
            `prompt` (required), `width` and `height` (1024; each at least 64 and a multiple of 32), `seed`,
            `safety_tolerance` (2; 0 strictest to 6), `output_format` (`png` or `jpeg`), `input_image`,
            `input_image_2`, `input_image_3`, `input_image_4` (base64 reference images), `async`.""" + OpenApiDocs.WEBHOOK_FIELDS)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "flux", value = """
                    {"prompt": "a lighthouse at dawn", "width": 1024, "height": 768, "seed": 42}""")))
    @APIResponse(responseCode = "200", description = "Base64 images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "images", value = OpenApiDocs.BASE64_IMAGES)))
    @APIResponse(responseCode = "202", description = "Accepted (async)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = OpenApiDocs.ACCEPTED)))
    public Uni<Response> generate(byte[] rawBody, @Context HttpHeaders headers) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(FIELDS);
        GenerationParams params = GenerationParams.builder()
                .prompt(body.string("prompt"))
                .width(ProviderFields.orDefault(body.integer("width"), 1024))
                .height(ProviderFields.orDefault(body.integer("height"), 1024))
                .seed(body.longInteger("seed"))
                .safetyTolerance(ProviderFields.orDefault(body.integer("safety_tolerance"), 2))
                .outputFormat(body.string("output_format"))
                .build();
        List<ImageSource> references = new ArrayList<>();
        for (String field : INPUT_IMAGES) {
            String image = body.string(field);
            if (image != null) {
                references.add(ProviderFields.base64Image(image, field));
            }
        }
        return intake.submit(Endpoints.FLUX_GENERATE, body, MODEL, params, "b64_json", references, null, headers);
    }
}
