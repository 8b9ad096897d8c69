package io.imagequeue.api.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.MultipartBody;
import io.imagequeue.api.http.OpenApiDocs;
import io.imagequeue.api.http.RequestContexts;
import io.imagequeue.api.inputs.ImageInspector;
import io.imagequeue.api.inputs.ImageSource;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.api.tasks.GenerationIntake;
import io.imagequeue.model.request.GenerationParams;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * {@code POST /v1/images/edits}: OpenAI-compatible image to image, as JSON ({@code images[].image_url}
 * as an https or data URL) or as multipart/form-data (the OpenAI SDKs' upload form).
 */
@Path(Endpoints.OPENAI_EDITS)
@Tag(name = "OpenAI-compatible")
public class ImageEditResource {

    /** The multipart names OpenAI clients use for the input image(s), in the order they are read. */
    static final String[] IMAGE_PARTS = {"image", "image[]", "file"};
    static final String MASK = "mask";
    private static final Set<String> JSON_FIELDS;

    static {
        Set<String> fields = new HashSet<>(OpenAiImageFields.EDIT_FIELD_KINDS.keySet());
        fields.add("images");
        fields.add(MASK);
        JSON_FIELDS = Set.copyOf(fields);
    }

    private static final String DESCRIPTION = """
            JSON: `images` (required, 1 or more `{"image_url": "https://…" | "data:image/png;base64,…"}`),
            `prompt` (required), `mask` (`{"image_url": …}`), `model`, `n` (1 to 10), `size` (`auto`,
            `1024x1024`, `1536x1024`, `1024x1536`, as the model allows), `quality`, `background`,
            `input_fidelity` (`high`, `low`), `output_format`, `output_compression`,
            `response_format` (default `b64_json`), `async`, `webhook_url`, `webhook_events` (as on
            `POST /v1/images/generations`).

            multipart/form-data: the image file(s) under `image`, `image[]` or `file`, an optional `mask`
            file, and the same scalar fields as form fields (`async=true`).

            Images must be PNG, JPEG or WebP (checked by content; 415 otherwise) within the byte and pixel
            limits (413). An `image_url` is fetched only from public addresses; a mask must have the
            image's dimensions.""";

    private final GenerationIntake intake;
    private final ImageInspector inspector;
    private final ObjectMapper json;

    public ImageEditResource(GenerationIntake intake, ImageInspector inspector, ObjectMapper json) {
        this.intake = intake;
        this.inspector = inspector;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit images (JSON body)", description = DESCRIPTION)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "gpt-image edit", value = """
                    {"model": "openai/gpt-image-1.5", "prompt": "add a red scarf",
                     "images": [{"image_url": "https://example.com/cat.png"}], "size": "1024x1024"}""")))
    @APIResponse(responseCode = "200", description = "The images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "images", value = OpenApiDocs.OPENAI_IMAGES)))
    @APIResponse(responseCode = "202", description = "Accepted (async)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = OpenApiDocs.ACCEPTED)))
    @APIResponse(responseCode = "413", description = "Body or image too large",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "too large", value = OpenApiDocs.TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "Not PNG, JPEG or WebP",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "format", value = OpenApiDocs.UNSUPPORTED_IMAGE)))
    public Uni<Response> editJson(byte[] rawBody, @Context HttpHeaders headers) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(JSON_FIELDS);
        List<ImageSource> images = imageUrls(body);
        ImageSource mask = body.has(MASK) ? imageUrl(body.node(MASK), MASK + ".image_url") : null;
        return submit(body, images, mask, headers);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit images (multipart upload, as the OpenAI SDKs send it)", description = DESCRIPTION)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "The images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "images", value = OpenApiDocs.OPENAI_IMAGES)))
    public Uni<Response> editMultipart(MultipartFormDataInput form, @Context HttpHeaders headers) {
        // The uploads are read from disk on a worker thread; the submission continues on the event loop.
        Executor requestContext = RequestContexts.current();
        return Uni.createFrom().item(() -> UploadedEdit.read(MultipartBody.of(form), inspector.maxBytes()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(requestContext)
                .flatMap(edit -> submit(edit.body(), edit.images(), edit.mask(), headers));
    }

    /** A multipart edit read into memory: its fields (with file digests, for idempotency), images and mask. */
    private record UploadedEdit(JsonBody body, List<ImageSource> images, ImageSource mask) {

        static UploadedEdit read(MultipartBody multipart, long maxBytes) {
            Set<String> fileFields = new HashSet<>(List.of(IMAGE_PARTS));
            fileFields.add(MASK);
            JsonBody fields = multipart.fields(OpenAiImageFields.EDIT_FIELD_KINDS, fileFields);
            List<MultipartBody.FilePart> imageFiles = multipart.files(maxBytes, IMAGE_PARTS);
            List<MultipartBody.FilePart> maskFiles = multipart.files(maxBytes, MASK);
            if (imageFiles.isEmpty()) {
                throw ApiException.invalid("image", "missing_required_parameter",
                        "Missing required parameter: 'image' (upload the image file as 'image', 'image[]' or 'file').");
            }
            if (maskFiles.size() > 1) {
                throw ApiException.invalid(MASK, "invalid_value", "Only one 'mask' file may be sent.");
            }
            List<ImageSource> images = new ArrayList<>();
            for (MultipartBody.FilePart file : imageFiles) {
                images.add(new ImageSource.Upload(file.bytes(), file.field()));
            }
            ImageSource mask = maskFiles.isEmpty() ? null : new ImageSource.Upload(maskFiles.get(0).bytes(), MASK);
            List<MultipartBody.FilePart> allFiles = new ArrayList<>(imageFiles);
            allFiles.addAll(maskFiles);
            return new UploadedEdit(MultipartBody.withDigests(fields, allFiles), images, mask);
        }
    }

    private Uni<Response> submit(JsonBody body, List<ImageSource> images, ImageSource mask, HttpHeaders headers) {
        String responseFormat = body.has("response_format") ? body.string("response_format") : "b64_json";
        GenerationParams params = OpenAiImageFields.common(body, responseFormat)
                .inputFidelity(body.string("input_fidelity"))
                .build();
        return intake.submit(Endpoints.OPENAI_EDITS, body, body.string("model"), params, responseFormat,
                images, mask, headers);
    }

    private static List<ImageSource> imageUrls(JsonBody body) {
        JsonNode images = body.node("images");
        if (images == null) {
            throw ApiException.invalid("images", "missing_required_parameter", "Missing required parameter: 'images'.");
        }
        if (!images.isArray() || images.isEmpty()) {
            throw ApiException.invalid("images", "invalid_type",
                    "'images' must be a non-empty array of {\"image_url\": \"https://…\" or \"data:image/…;base64,…\"}.");
        }
        List<ImageSource> sources = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            sources.add(imageUrl(images.get(i), "images[" + i + "].image_url"));
        }
        return sources;
    }

    private static ImageSource imageUrl(JsonNode entry, String param) {
        JsonNode url = entry.isObject() ? entry.get("image_url") : null;
        if (url == null || !url.isTextual() || url.textValue().isBlank()) {
            throw ApiException.invalid(param, "invalid_type",
                    "'" + param + "' must be a string: an https URL or a data:image/…;base64,… URL.");
        }
        if (entry.size() != 1) {
            throw ApiException.invalid(param, "unknown_parameter",
                    "An image entry takes only 'image_url' (file_id is not supported).");
        }
        return ImageSource.fromText(url.textValue(), param, true);
    }
}
