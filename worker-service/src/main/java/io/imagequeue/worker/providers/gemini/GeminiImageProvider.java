package io.imagequeue.worker.providers.gemini;

import io.imagequeue.model.catalog.Provider;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.ImageProvider;
import io.imagequeue.worker.providers.Repeated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Google Gemini image models through {@code generateContent}: the prompt and any input images as
 * parts, the aspect ratio and resolution tier in {@code imageConfig}, the image back as base64.
 * One call makes one image, so {@code n} is several calls in a row.
 */
@ApplicationScoped
public class GeminiImageProvider implements ImageProvider {

    private final GeminiClient client;

    @Inject
    public GeminiImageProvider(WebClient http, WorkerConfig config) {
        this(http, config.providers().get(Provider.GEMINI.key()));
    }

    /** For tests and tools that hold the settings of one provider. */
    GeminiImageProvider(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.client = new GeminiClient(http, settings);
    }

    @Override
    public Provider provider() {
        return Provider.GEMINI;
    }

    @Override
    public Uni<GenerationResult> generate(GenerationCall call) {
        var body = GeminiRequests.body(call);
        return Repeated.sequentially(call.request().n(), () -> client.generateContent(call.model().upstreamModel(), body)
                .map(response -> List.of(GeminiResponses.image(response))));
    }
}
