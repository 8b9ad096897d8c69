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
 * {@code POST /v2/image/qwen/generate} and {@code /edit}: Qwen-Image on DashScope, answering
 * {@code {"urls": […]}}.
 */
@Path("/v2/image/qwen")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Provider endpoints")
// Both routes answer the same shapes: documented once for the class.
@APIResponse(responseCode = "200", description = "Image links",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "urls", value = OpenApiDocs.URLS)))
@APIResponse(responseCode = "202", description = "Accepted (async)",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = OpenApiDocs.ACCEPTED)))
public class QwenResource {

    static final String TEXT_TO_IMAGE_MODEL = "Qwen/qwen-image";
    static final String IMAGE_TO_IMAGE_MODEL = "Qwen/qwen-image-edit";
    private static final Set<String> GENERATE_FIELDS = Set.of("prompt", "size", "seed", "async", "priority", "webhook_url", "webhook_events");
    private static final Set<String> EDIT_FIELDS = Set.of("prompt", "size", "seed", "image", "async", "priority", "webhook_url", "webhook_events");

    private final JsonImageRoutes routes;

    public QwenResource(JsonImageRoutes routes) {
        this.routes = routes;
    }

    @POST
    @Path("/generate")
    @Operation(summary = "Qwen-Image: text to image", description = """
            `prompt` (required), `size` (`1024x1024`; any `WxH`, also written `W*H`, each side 512 to 2048),
            `seed`, `async`. Answers links; the images are kept 7 days.""" + OpenApiDocs.WEBHOOK_FIELDS)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "generate", value = """
                    {"prompt": "a poster with the words 'Night Market'", "size": "1328*1328", "seed": 7}""")))
    public Uni<Response> generate(byte[] rawBody, @Context HttpHeaders headers) {
        return routes.generate(new JsonImageRoutes.Route(Endpoints.QWEN_GENERATE, TEXT_TO_IMAGE_MODEL,
                GENERATE_FIELDS, QwenResource::params), rawBody, headers);
    }

    @POST
    @Path("/edit")
    @Operation(summary = "Qwen-Image-Edit: edit an image", description = """
            As generate, plus `image` (required: an https URL or base64 PNG, JPEG or WebP). A URL is fetched
            only from public addresses.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "edit", value = """
                    {"prompt": "replace the sky with a sunset", "image": "https://example.com/street.jpg"}""")))
    public Uni<Response> edit(byte[] rawBody, @Context HttpHeaders headers) {
        return routes.edit(new JsonImageRoutes.Route(Endpoints.QWEN_EDIT, IMAGE_TO_IMAGE_MODEL,
                EDIT_FIELDS, QwenResource::params), rawBody, headers, ProviderFields::urlOrBase64Image);
    }

    private static GenerationParams params(JsonBody body) {
        return GenerationParams.builder()
                .prompt(body.string("prompt"))
                .size(body.string("size"))
                .seed(body.longInteger("seed"))
                .build();
    }
}
