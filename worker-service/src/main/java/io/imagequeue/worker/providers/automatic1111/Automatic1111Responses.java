package io.imagequeue.worker.providers.automatic1111;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.ImageBytes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads the bare base64 {@code images} of a txt2img answer. */
final class Automatic1111Responses {

    private Automatic1111Responses() {
    }

    /**
     * The last {@code wanted} images: a server set to return a grid puts it first, before the images
     * themselves, so extras are dropped from the front.
     */
    static List<GeneratedImage> images(JsonObject answer, int wanted) {
        JsonArray encoded = JsonFields.array(answer, "images");
        if (encoded.size() < wanted) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, "AUTOMATIC1111 returned " + encoded.size()
                    + " images where " + wanted + " were asked for");
        }
        List<GeneratedImage> images = new ArrayList<>();
        for (int i = encoded.size() - wanted; i < encoded.size(); i++) {
            byte[] bytes = ImageBytes.decodeBase64(Automatic1111Client.NAME,
                    encoded.getValue(i) instanceof String text ? text : null);
            images.add(new GeneratedImage(bytes, ImageBytes.contentType(bytes, ImageBytes.PNG), null));
        }
        return images;
    }
}
