package io.imagequeue.worker.providers.gemini;

import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.ImageBytes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/** Maps the canonical request to a {@code generateContent} body. */
final class GeminiRequests {

    /** The tier Gemini uses when none is named; not sent, since gemini-2.5-flash-image knows no other. */
    private static final String DEFAULT_IMAGE_SIZE = "1K";

    private GeminiRequests() {
    }

    static JsonObject body(GenerationCall call) {
        NormalizedRequest request = call.request();
        JsonArray parts = new JsonArray().add(new JsonObject().put("text", request.prompt()));
        for (byte[] image : call.inputImages()) {
            parts.add(new JsonObject().put("inlineData", new JsonObject()
                    .put("mimeType", ImageBytes.contentType(image, ImageBytes.PNG))
                    .put("data", Base64.getEncoder().encodeToString(image))));
        }
        JsonObject imageConfig = new JsonObject();
        if (request.aspectRatio() != null) {
            imageConfig.put("aspectRatio", request.aspectRatio());
        }
        if (request.imageSize() != null && !DEFAULT_IMAGE_SIZE.equalsIgnoreCase(request.imageSize())) {
            imageConfig.put("imageSize", request.imageSize());
        }
        // TEXT as well as IMAGE: the models answer a refusal as text, which tells us why there is no image.
        JsonObject generationConfig = new JsonObject()
                .put("responseModalities", new JsonArray().add("TEXT").add("IMAGE"));
        if (!imageConfig.isEmpty()) {
            generationConfig.put("imageConfig", imageConfig);
        }
        return new JsonObject()
                .put("contents", new JsonArray().add(new JsonObject().put("role", "user").put("parts", parts)))
                .put("generationConfig", generationConfig);
    }
}
