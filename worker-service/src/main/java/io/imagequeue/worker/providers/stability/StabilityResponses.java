package io.imagequeue.worker.providers.stability;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.ImageBytes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads v1 {@code artifacts}. A {@code CONTENT_FILTERED} artifact still carries an image (a blurred
 * one), so its finish reason, not the presence of bytes, decides whether the generation succeeded.
 */
final class StabilityResponses {

    private StabilityResponses() {
    }

    static List<GeneratedImage> images(JsonObject answer) {
        List<GeneratedImage> images = new ArrayList<>();
        for (JsonObject artifact : JsonFields.objects(JsonFields.array(answer, "artifacts"))) {
            String finishReason = JsonFields.text(artifact, "finishReason", "SUCCESS");
            if ("CONTENT_FILTERED".equals(finishReason)) {
                throw ProviderFailure.permanent(FailureCodes.CONTENT_MODERATED,
                        "Stability's content filter withheld the image (CONTENT_FILTERED).");
            }
            if (!"SUCCESS".equals(finishReason)) {
                throw ProviderFailure.retry(FailureCodes.GENERATION_FAILED,
                        "Stability could not generate the image (" + finishReason + ")");
            }
            byte[] bytes = ImageBytes.decodeBase64(StabilityClient.NAME, JsonFields.text(artifact, "base64"));
            images.add(new GeneratedImage(bytes, ImageBytes.contentType(bytes, ImageBytes.PNG), null));
        }
        if (images.isEmpty()) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, "Stability answered without any image");
        }
        return images;
    }
}
