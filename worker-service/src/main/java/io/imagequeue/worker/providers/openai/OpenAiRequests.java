package io.imagequeue.worker.providers.openai;

import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.ImageBytes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps the canonical request to OpenAI's generation body and edit form. */
final class OpenAiRequests {

    /** One file part of an edit form. */
    record FilePart(String name, String fileName, byte[] bytes, String contentType) {
    }

    /** An edit's multipart form: text fields in order, then files. */
    record EditForm(Map<String, String> fields, List<FilePart> files) {
    }

    private OpenAiRequests() {
    }

    /** {@code POST /v1/images/generations} for {@code n} images. */
    static JsonObject generationBody(GenerationCall call, int n) {
        NormalizedRequest request = call.request();
        String model = call.model().upstreamModel();
        JsonObject body = new JsonObject()
                .put("model", model)
                .put("prompt", request.prompt())
                .put("n", n);
        commonFields(model, request).forEach(body::put);
        if (OpenAiModels.isDallE(model) && request.style() != null) {
            body.put("style", request.style());
        }
        return body;
    }

    /**
     * {@code POST /v1/images/edits}: GPT-image takes up to 16 images as repeated {@code image[]}
     * parts, dall-e-2 exactly one {@code image}; the mask applies to the first image.
     */
    static EditForm editForm(GenerationCall call) {
        NormalizedRequest request = call.request();
        String model = call.model().upstreamModel();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", model);
        fields.put("prompt", request.prompt());
        fields.put("n", String.valueOf(request.n()));
        commonFields(model, request).forEach((name, value) -> fields.put(name, String.valueOf(value)));
        if (!OpenAiModels.isDallE(model) && request.inputFidelity() != null) {
            fields.put("input_fidelity", request.inputFidelity());
        }
        List<FilePart> files = new ArrayList<>();
        String imageField = OpenAiModels.isDallE(model) ? "image" : "image[]";
        List<byte[]> images = call.inputImages();
        for (int i = 0; i < images.size(); i++) {
            files.add(file(imageField, "image-" + (i + 1), images.get(i)));
        }
        if (call.mask() != null) {
            files.add(file("mask", "mask", call.mask()));
        }
        return new EditForm(fields, files);
    }

    /** Fields both endpoints take, each only for the model family that accepts it. */
    private static Map<String, Object> commonFields(String model, NormalizedRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (request.size() != null) {
            fields.put("size", request.size());
        }
        if (request.quality() != null) {
            fields.put("quality", request.quality());
        }
        if (OpenAiModels.isDallE(model)) {
            // Base64 in the answer: no second round trip, and no 60-minute URL to lose.
            fields.put("response_format", "b64_json");
        } else {
            fields.put("output_format", request.outputFormat() == null ? "png" : request.outputFormat());
            if (request.outputCompression() != null) {
                fields.put("output_compression", request.outputCompression());
            }
            if (request.background() != null) {
                fields.put("background", request.background());
            }
        }
        if (request.user() != null) {
            fields.put("user", request.user());
        }
        return fields;
    }

    private static FilePart file(String field, String baseName, byte[] bytes) {
        return new FilePart(field, baseName + "." + ImageBytes.extension(bytes), bytes,
                ImageBytes.contentType(bytes, ImageBytes.PNG));
    }
}
