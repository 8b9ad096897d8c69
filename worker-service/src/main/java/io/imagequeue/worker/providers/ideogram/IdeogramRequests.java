package io.imagequeue.worker.providers.ideogram;

import io.imagequeue.model.catalog.Ratio;
import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.worker.providers.GenerationCall;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Maps the canonical request to the legacy {@code POST /generate} body ({@code image_request}). */
final class IdeogramRequests {

    /** The most images one legacy call makes. */
    static final int MAX_IMAGES = 8;

    /** The legacy API's aspect ratios, as {@code ASPECT_W_H}. */
    private static final List<Ratio> RATIOS = List.of(new Ratio(1, 1), new Ratio(16, 9), new Ratio(9, 16),
            new Ratio(16, 10), new Ratio(10, 16), new Ratio(4, 3), new Ratio(3, 4), new Ratio(3, 2),
            new Ratio(2, 3), new Ratio(3, 1), new Ratio(1, 3));

    private IdeogramRequests() {
    }

    static JsonObject generate(GenerationCall call, int count) {
        NormalizedRequest request = call.request();
        JsonObject imageRequest = new JsonObject()
                .put("prompt", request.prompt())
                .put("model", call.model().upstreamModel())
                .put("aspect_ratio", aspectRatio(request.width(), request.height()))
                .put("num_images", count);
        if (request.negativePrompt() != null) {
            imageRequest.put("negative_prompt", request.negativePrompt());
        }
        if (request.seed() != null) {
            imageRequest.put("seed", request.seed());
        }
        return new JsonObject().put("image_request", imageRequest);
    }

    /** The legacy ratio nearest to the requested size, e.g. {@code ASPECT_16_9}; square when unknown. */
    static String aspectRatio(Integer width, Integer height) {
        Ratio best = RATIOS.get(0);
        if (width != null && height != null) {
            Ratio wanted = new Ratio(width, height);
            for (Ratio candidate : RATIOS) {
                if (wanted.distanceTo(candidate) < wanted.distanceTo(best)) {
                    best = candidate;
                }
            }
        }
        return "ASPECT_" + best.width() + "_" + best.height();
    }
}
