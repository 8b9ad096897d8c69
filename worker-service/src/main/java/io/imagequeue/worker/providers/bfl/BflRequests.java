package io.imagequeue.worker.providers.bfl;

import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.worker.providers.GenerationCall;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/** Maps the canonical request to BFL's submit body. */
final class BflRequests {

    private static final String[] INPUT_IMAGE_FIELDS = {"input_image", "input_image_2", "input_image_3", "input_image_4"};

    private BflRequests() {
    }

    static JsonObject body(GenerationCall call) {
        NormalizedRequest request = call.request();
        JsonObject body = new JsonObject().put("prompt", request.prompt());
        if (request.width() != null && request.height() != null) {
            body.put("width", request.width()).put("height", request.height());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.safetyTolerance() != null) {
            body.put("safety_tolerance", request.safetyTolerance());
        }
        body.put("output_format", "jpeg".equals(request.outputFormat()) ? "jpeg" : "png");
        if (request.guidanceScale() != null) {
            body.put("guidance", request.guidanceScale());
        }
        if (request.numInferenceSteps() != null) {
            body.put("steps", request.numInferenceSteps());
        }
        for (int i = 0; i < call.inputImages().size() && i < INPUT_IMAGE_FIELDS.length; i++) {
            body.put(INPUT_IMAGE_FIELDS[i], Base64.getEncoder().encodeToString(call.inputImages().get(i)));
        }
        return body;
    }
}
