package io.imagequeue.api.providers;

import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.OpenApiDocs;
import io.imagequeue.api.tasks.Endpoints;
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

/**
 * {@code POST /v2/image/gpt-image/generate} and {@code /edit}: GPT Image 1.5, answering links to the
 * stored images.
 */
@Path("/v2/image/gpt-image")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Provider endpoints")
// Both routes answer the same shapes: documented once for the class.
@APIResponse(responseCode = "200", description = "Image links",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "images", value = OpenApiDocs.URL_IMAGES)))
@APIResponse(responseCode = "202", description = "Accepted (async)",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = OpenApiDocs.ACCEPTED)))
public class GptImageResource {

    static final String TEXT_TO_IMAGE_MODEL = "openai/gpt-image-1.5-T2I";
    static final String IMAGE_TO_IMAGE_MODEL = "openai/gpt-image-1.5-I2I";
    private static final Set<String> GENERATE_FIELDS = Set.of("prompt", "size", "quality", "n", "async", "priority", "webhook_url", "webhook_events");
    private static final Set<String> EDIT_FIELDS = Set.of("prompt", "size", "quality", "n", "image", "mask", "async",
            "priority", "webhook_url", "webhook_events");

    private final JsonImageRoutes routes;

    public GptImageResource(JsonImageRoutes routes) {
        this.routes = routes;
    }

    @POST
    @Path("/generate")
    @Operation(summary = "GPT Image: text to image", description = """
            `prompt` (required), `size` (`1024x1024`; also `1536x1024`, `1024x1536`, `auto`), `quality`
            (`auto`; also `low`, `medium`, `high`), `n` (1 to 4), `async`. Answers links valid for 1 hour.""" + OpenApiDocs.WEBHOOK_FIELDS)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "generate", value = """
                    {"prompt": "an isometric city block", "size": "1536x1024", "quality": "high", "n": 2}""")))
    public Uni<Response> generate(byte[] rawBody, @Context HttpHeaders headers) {
        return routes.generate(new JsonImageRoutes.Route(Endpoints.GPT_IMAGE_GENERATE, TEXT_TO_IMAGE_MODEL,
                GENERATE_FIELDS, GptImageResource::params), rawBody, headers);
    }

    @POST
    @Path("/edit")
    @Operation(summary = "GPT Image: edit an image", description = """
            As generate, plus `image` (required, base64 PNG, JPEG or WebP) and `mask` (base64 PNG of the
            image's size; white marks the area to edit).""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "edit", value = """
                    {"prompt": "make it night", "image": "iVBORw0KGgoAAAANSUhEUgAA...", "size": "1024x1024"}""")))
    public Uni<Response> edit(byte[] rawBody, @Context HttpHeaders headers) {
        return routes.edit(new JsonImageRoutes.Route(Endpoints.GPT_IMAGE_EDIT, IMAGE_TO_IMAGE_MODEL,
                EDIT_FIELDS, GptImageResource::params), rawBody, headers, ProviderFields::base64Image);
    }

    private static GenerationParams params(JsonBody body) {
        return GenerationParams.builder()
                .prompt(body.string("prompt"))
                .size(ProviderFields.orDefault(body.string("size"), "1024x1024"))
                .quality(ProviderFields.orDefault(body.string("quality"), "auto"))
                .n(body.integer("n"))
                .build();
    }
}
