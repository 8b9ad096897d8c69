package io.imagequeue.worker.providers.ideogram;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a generate answer's {@code data}. An output Ideogram judged unsafe comes back as
 * {@code is_image_safe: false}, possibly without a URL: that fails the task, it is not a short answer.
 */
final class IdeogramResponses {

    /** A result URL (short-lived) and the prompt Ideogram really used, after its "magic prompt". */
    record ResultImage(String url, String prompt) {
    }

    private IdeogramResponses() {
    }

    static List<ResultImage> images(JsonObject answer) {
        List<ResultImage> images = new ArrayList<>();
        for (JsonObject entry : JsonFields.objects(JsonFields.array(answer, "data"))) {
            if (!JsonFields.flag(entry, "is_image_safe", true)) {
                throw ProviderFailure.permanent(FailureCodes.CONTENT_MODERATED,
                        "Ideogram's safety check withheld the image (is_image_safe: false).");
            }
            if (JsonFields.text(entry, "url") != null) {
                images.add(new ResultImage(JsonFields.text(entry, "url"), JsonFields.text(entry, "prompt")));
            }
        }
        if (images.isEmpty()) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, "Ideogram answered without any image");
        }
        return images;
    }
}
