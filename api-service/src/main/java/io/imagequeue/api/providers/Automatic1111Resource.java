package io.imagequeue.api.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.OpenApiDocs;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.api.tasks.GenerationIntake;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.catalog.ParamNames;
import io.imagequeue.model.catalog.Provider;
import io.imagequeue.model.error.InvalidRequestException;
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
import java.util.List;
import java.util.Map;
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
 * {@code POST /v2/automatic1111/sdapi/v1/txt2img}: text to image on a Stable Diffusion checkpoint
 * of an Automatic1111 server, answering base64 images as Automatic1111 itself does.
 */
@Path(Endpoints.AUTOMATIC1111_TXT2IMG)
@Tag(name = "Provider endpoints")
public class Automatic1111Resource {

    static final String DEFAULT_MODEL = "Realistic_Vision_V5.1.safetensors";
    private static final Set<String> FIELDS = Set.of("prompt", "negative_prompt", "model", "steps", "width", "height",
            "cfg_scale", "seed", "batch_size", "async", "priority", "webhook_url", "webhook_events");

    /** The contract's parameter names that this route spells its own way. */
    private static final Map<String, String> OUR_NAMES = Map.of(
            ParamNames.NUM_INFERENCE_STEPS, "steps",
            ParamNames.N, "batch_size");

    private final GenerationIntake intake;
    private final ModelCatalog catalog;
    private final ObjectMapper json;

    public Automatic1111Resource(GenerationIntake intake, ModelCatalog catalog, ObjectMapper json) {
        this.intake = intake;
        this.catalog = catalog;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Automatic1111 txt2img on a Stable Diffusion checkpoint", description = """
            `prompt` (required), `negative_prompt`, `model` (`Realistic_Vision_V5.1.safetensors`; also
            `illustriousRealismBy_v10VAE.safetensors`, `stable-diffusion-v1-5-pruned.safetensors`),
            `steps` (20), `width` (512), `height` (512) (multiples of 8, 64 to 2048), `cfg_scale` (7),
            `seed` (-1 random), `batch_size` (1 to 4), `async`.""" + OpenApiDocs.WEBHOOK_FIELDS)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "txt2img", value = """
                    {"prompt": "a castle on a hill", "negative_prompt": "blurry", "steps": 25, "width": 768,
                     "height": 512, "cfg_scale": 6.5}""")))
    @APIResponse(responseCode = "200", description = "Base64 images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "images", value = OpenApiDocs.BASE64_IMAGES)))
    @APIResponse(responseCode = "202", description = "Accepted (async)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = OpenApiDocs.ACCEPTED)))
    public Uni<Response> txt2img(byte[] rawBody, @Context HttpHeaders headers) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(FIELDS);
        String model = checkpoint(body.string("model"));
        GenerationParams params = GenerationParams.builder()
                .prompt(body.string("prompt"))
                .negativePrompt(body.string("negative_prompt"))
                .numInferenceSteps(ProviderFields.orDefault(body.integer("steps"), 20))
                .width(ProviderFields.orDefault(body.integer("width"), 512))
                .height(ProviderFields.orDefault(body.integer("height"), 512))
                .cfgScale(ProviderFields.orDefault(body.number("cfg_scale"), 7.0))
                .seed(body.longInteger("seed"))
                .n(body.integer("batch_size"))
                .build();
        try {
            return intake.submit(Endpoints.AUTOMATIC1111_TXT2IMG, body, model, params, "b64_json", headers);
        } catch (InvalidRequestException e) {
            throw inAutomatic1111Terms(e);
        }
    }

    /** The validator speaks the contract's names; the caller sent Automatic1111's, so errors use those. */
    private static InvalidRequestException inAutomatic1111Terms(InvalidRequestException e) {
        String ours = OUR_NAMES.get(e.param());
        if (ours == null) {
            return e;
        }
        String quoted = "'" + e.param() + "'";
        String message = e.getMessage().contains(quoted)
                ? e.getMessage().replace(quoted, "'" + ours + "'")
                : e.getMessage().replace(" " + e.param() + " ", " " + ours + " ");
        return new InvalidRequestException(ours, e.code(), message);
    }

    /** Only the Automatic1111 checkpoints; any other catalog model is not something this route serves. */
    private String checkpoint(String requested) {
        if (requested == null) {
            return DEFAULT_MODEL;
        }
        List<String> checkpoints = catalog.models().stream()
                .filter(m -> m.provider() == Provider.AUTOMATIC1111).map(ModelSpec::id).toList();
        boolean isCheckpoint = catalog.find(requested).map(m -> m.provider() == Provider.AUTOMATIC1111).orElse(false);
        if (!isCheckpoint) {
            throw ApiException.invalid("model", "invalid_value", "Invalid model '" + requested
                    + "'. Allowed values: " + String.join(", ", checkpoints));
        }
        return requested;
    }
}
