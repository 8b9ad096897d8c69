package io.imagequeue.worker.providers.openai;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads the images out of an {@code ImagesResponse}. */
final class OpenAiResponses {

    /** One entry of {@code data}: base64 bytes or a URL, and DALL·E 3's rewritten prompt. */
    record ImageItem(String b64Json, String url, String revisedPrompt) {
    }

    private OpenAiResponses() {
    }

    static List<ImageItem> items(JsonObject response) {
        List<ImageItem> items = new ArrayList<>();
        for (JsonObject entry : JsonFields.objects(JsonFields.array(response, "data"))) {
            String b64 = JsonFields.text(entry, "b64_json");
            String url = JsonFields.text(entry, "url");
            if (b64 != null || url != null) {
                items.add(new ImageItem(b64, url, JsonFields.text(entry, "revised_prompt")));
            }
        }
        if (items.isEmpty()) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, "OpenAI answered without any image");
        }
        return items;
    }
}
