package io.imagequeue.api.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.OpenApiDocs;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.api.tasks.GenerationIntake;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
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

/** {@code POST /v1/images/generations}: OpenAI-compatible text to image on any catalog model. */
@Path(Endpoints.OPENAI_GENERATIONS)
@Tag(name = "OpenAI-compatible", description = "The OpenAI Images API, as the OpenAI SDKs call it")
public class ImageGenerationResource {

    /** Every field the body may carry; a model takes the optional ones it supports (see {@code /v1/models}). */
    public static final Set<String> FIELDS = Set.of("prompt", "model", "n", "size", "aspect_ratio", "quality",
            "style", "response_format", "output_format", "output_compression", "background", "guidance_scale",
            "num_inference_steps", "negative_prompt", "seed", "user", "async", "priority", "webhook_url", "webhook_events");

    private final GenerationIntake intake;
    private final ModelCatalog catalog;
    private final ObjectMapper json;

    public ImageGenerationResource(GenerationIntake intake, ModelCatalog catalog, ObjectMapper json) {
        this.intake = intake;
        this.catalog = catalog;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create images from a prompt", description = """
            | field | default | notes |
            |---|---|---|
            | prompt | required | 1 to 4000 characters (a model may allow more) |
            | model | `auto` | a catalog id or alias (`GET /v1/models`); `auto` is the configured default |
            | n | 1 | 1 to 10, at most the model's `max_n` |
            | size | model's first | one of the model's sizes, or `auto` where allowed |
            | aspect_ratio | | `16:9` etc.; wins over `size` |
            | quality, style, background | model default | as the model allows |
            | response_format | `url` | `url` (presigned, valid 1 hour) or `b64_json` |
            | output_format | `png` | `png`, `jpeg`, `webp`; `output_compression` 0-100 for jpeg and webp |
            | guidance_scale, num_inference_steps | 3.5, 30 | where the model takes them |
            | negative_prompt, seed, user | | where the model takes them |
            | async | false | true: 202 with the task address at once |
            | webhook_url, webhook_events | | push the task's events (`started`, `succeeded`, `failed`, `canceled`; default the last three) to an http(s) URL, signed per Standard Webhooks; every generation route takes them |

            A parameter the model does not take is a 400 naming it.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = {
                @ExampleObject(name = "dall-e-3, link", value = """
                        {"model": "dall-e-3", "prompt": "a lighthouse at dawn", "size": "1792x1024", "quality": "hd"}"""),
                @ExampleObject(name = "gpt-image, inline webp, async", value = """
                        {"model": "openai/gpt-image-1.5", "prompt": "a fox", "n": 2, "response_format": "b64_json",
                         "output_format": "webp", "output_compression": 80, "async": true}""")}))
    @APIResponse(responseCode = "200", description = "The images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "images", value = OpenApiDocs.OPENAI_IMAGES)))
    @APIResponse(responseCode = "202", description = "Accepted (async)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = OpenApiDocs.ACCEPTED)))
    @APIResponse(responseCode = "400", description = "Invalid request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "bad size", value = OpenApiDocs.INVALID_SIZE)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "unknown model", value = OpenApiDocs.MODEL_NOT_FOUND)))
    @APIResponse(responseCode = "504", description = "Still running after the synchronous wait",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "timeout", value = OpenApiDocs.TIMEOUT)))
    public Uni<Response> generate(byte[] rawBody, @Context HttpHeaders headers) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(FIELDS);
        String model = body.string("model");
        ModelSpec spec = catalog.resolve(model);
        String responseFormat = body.has("response_format") ? body.string("response_format") : "url";
        GenerationParams params = OpenAiImageFields.generationExtras(
                OpenAiImageFields.common(body, responseFormat), body, spec).build();
        return intake.submit(Endpoints.OPENAI_GENERATIONS, body, model, params, responseFormat, headers);
    }
}
