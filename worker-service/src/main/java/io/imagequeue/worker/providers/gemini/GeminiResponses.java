package io.imagequeue.worker.providers.gemini;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.ImageBytes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the image out of a {@code generateContent} answer. Gemini reports blocks as HTTP 200 without
 * an image, and its "thinking" models send interim images marked {@code thought: true} before the
 * final one, so the answer is the last image part that is not a thought.
 */
final class GeminiResponses {

    private GeminiResponses() {
    }

    static GeneratedImage image(JsonObject response) {
        JsonArray candidates = JsonFields.array(response, "candidates");
        JsonObject candidate = candidates.isEmpty() || !(candidates.getValue(0) instanceof JsonObject first) ? null : first;
        JsonObject inline = candidate == null ? null : lastFinalImage(candidate);
        if (inline != null) {
            byte[] bytes = ImageBytes.decodeBase64(GeminiClient.NAME, JsonFields.text(inline, "data"));
            String declared = JsonFields.text(inline, "mimeType", JsonFields.text(inline, "mime_type", ImageBytes.PNG));
            return new GeneratedImage(bytes, ImageBytes.contentType(bytes, declared), null);
        }
        throw noImage(response, candidate);
    }

    private static JsonObject lastFinalImage(JsonObject candidate) {
        JsonArray parts = JsonFields.array(JsonFields.object(candidate, "content"), "parts");
        JsonObject last = null;
        for (JsonObject part : JsonFields.objects(parts)) {
            JsonObject inline = JsonFields.object(part, "inlineData");
            if (inline.isEmpty()) {
                inline = JsonFields.object(part, "inline_data");
            }
            if (!inline.isEmpty() && !JsonFields.flag(part, "thought", false)) {
                last = inline;
            }
        }
        return last;
    }

    /**
     * Every answer without an image is a refusal of this prompt: a blocked prompt
     * ({@code promptFeedback.blockReason}), a withheld output ({@code finishReason} such as
     * {@code IMAGE_SAFETY}), or a model that answered in words only. Sending it again is refused again.
     */
    private static ProviderFailure noImage(JsonObject response, JsonObject candidate) {
        String blockReason = JsonFields.text(JsonFields.object(response, "promptFeedback"), "blockReason");
        String finishReason = JsonFields.text(candidate, "finishReason");
        String why = blockReason != null ? "the prompt was blocked (" + blockReason + ")"
                : finishReason != null && !"STOP".equals(finishReason) ? "the output was withheld (" + finishReason + ")"
                : "the model answered without an image";
        return ProviderFailure.permanent(FailureCodes.CONTENT_MODERATED, "Gemini returned no image: " + why + ".");
    }
}
