package io.imagequeue.worker.providers.dashscope;

import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.ImageBytes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Maps the canonical request to DashScope's async text-to-image and sync multimodal bodies. */
final class DashScopeRequests {

    private DashScopeRequests() {
    }

    /** {@code POST /api/v1/services/aigc/text2image/image-synthesis} (with {@code X-DashScope-Async: enable}). */
    static JsonObject textToImage(GenerationCall call, int n) {
        NormalizedRequest request = call.request();
        String model = call.model().upstreamModel();
        JsonObject input = new JsonObject().put("prompt", request.prompt());
        if (request.negativePrompt() != null) {
            input.put("negative_prompt", request.negativePrompt());
        }
        return new JsonObject()
                .put("model", model)
                .put("input", input)
                .put("parameters", parameters(model, request, n));
    }

    /**
     * {@code POST /api/v1/services/aigc/multimodal-generation/generation}: the input images as data
     * URIs, then exactly one text item (DashScope rejects a message with none or several).
     */
    static JsonObject multimodal(GenerationCall call, int n) {
        NormalizedRequest request = call.request();
        String model = call.model().upstreamModel();
        JsonArray content = new JsonArray();
        for (byte[] image : call.inputImages()) {
            content.add(new JsonObject().put("image", ImageBytes.dataUri(image)));
        }
        content.add(new JsonObject().put("text", request.prompt()));
        JsonObject parameters = parameters(model, request, n);
        if (request.negativePrompt() != null) {
            parameters.put("negative_prompt", request.negativePrompt());
        }
        return new JsonObject()
                .put("model", model)
                .put("input", new JsonObject().put("messages", new JsonArray()
                        .add(new JsonObject().put("role", "user").put("content", content))))
                .put("parameters", parameters);
    }

    private static JsonObject parameters(String model, NormalizedRequest request, int n) {
        // The gateway stores its own copy of every image, so DashScope's visible watermark is never wanted.
        JsonObject parameters = new JsonObject().put("watermark", false);
        if (!DashScopeSizes.followsInput(model)) {
            parameters.put("n", n);
            String size = DashScopeSizes.wireSize(model, request.width(), request.height());
            if (size != null) {
                parameters.put("size", size);
            }
        }
        if (request.seed() != null) {
            parameters.put("seed", request.seed());
        }
        return parameters;
    }
}
