package io.imagequeue.worker.providers.automatic1111;

import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.worker.providers.GenerationCall;
import io.vertx.core.json.JsonObject;

/** Maps the canonical request to a {@code POST /sdapi/v1/txt2img} body. */
final class Automatic1111Requests {

    /** What A1111 takes as "pick a random seed". */
    private static final long RANDOM_SEED = -1;

    private Automatic1111Requests() {
    }

    static JsonObject txt2img(GenerationCall call) {
        NormalizedRequest request = call.request();
        JsonObject body = new JsonObject()
                .put("prompt", request.prompt())
                .put("negative_prompt", request.negativePrompt() == null ? "" : request.negativePrompt())
                .put("seed", request.seed() == null ? RANDOM_SEED : request.seed())
                .put("batch_size", Math.max(1, request.n()))
                .put("n_iter", 1)
                .put("send_images", true)
                .put("save_images", false)
                // The checkpoint per request; switching is slow and global, so the server keeps the last
                // one loaded rather than switching back after every call.
                .put("override_settings", new JsonObject().put("sd_model_checkpoint", call.model().upstreamModel()))
                .put("override_settings_restore_afterwards", false);
        if (request.width() != null && request.height() != null) {
            body.put("width", request.width()).put("height", request.height());
        }
        if (request.numInferenceSteps() != null) {
            body.put("steps", request.numInferenceSteps());
        }
        if (request.cfgScale() != null) {
            body.put("cfg_scale", request.cfgScale());
        }
        return body;
    }
}
