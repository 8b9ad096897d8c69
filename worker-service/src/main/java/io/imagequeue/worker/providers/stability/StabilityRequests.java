package io.imagequeue.worker.providers.stability;

import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.worker.providers.GenerationCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Maps the canonical request to the v1 {@code text-to-image} body of an SDXL engine. */
final class StabilityRequests {

    /** The v1 API's own limit on {@code samples}. */
    static final int MAX_SAMPLES = 10;

    private StabilityRequests() {
    }

    static JsonObject textToImage(GenerationCall call, int samples) {
        NormalizedRequest request = call.request();
        // v1 has no negative_prompt field: a prompt with a negative weight is its equivalent.
        JsonArray prompts = new JsonArray().add(new JsonObject().put("text", request.prompt()).put("weight", 1.0));
        if (request.negativePrompt() != null) {
            prompts.add(new JsonObject().put("text", request.negativePrompt()).put("weight", -1.0));
        }
        JsonObject body = new JsonObject()
                .put("text_prompts", prompts)
                .put("samples", samples);
        if (request.width() != null && request.height() != null) {
            body.put("width", request.width()).put("height", request.height());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.cfgScale() != null) {
            body.put("cfg_scale", request.cfgScale());
        }
        if (request.numInferenceSteps() != null) {
            body.put("steps", request.numInferenceSteps());
        }
        return body;
    }
}
