package io.imagequeue.worker.providers.stability;

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

/**
 * Stability AI's SDXL engines through the v1 {@code text-to-image} API: JSON in, base64
 * {@code artifacts} out, {@code n} as {@code samples}. An artifact the content filter flagged fails
 * the task even though it carries (blurred) bytes.
 */
@ApplicationScoped
public class StabilityImageProvider implements ImageProvider {

    private final StabilityClient client;

    @Inject
    public StabilityImageProvider(WebClient http, WorkerConfig config) {
        this(http, config.providers().get(Provider.STABILITY.key()));
    }

    /** For tests and tools that hold the settings of one provider. */
    StabilityImageProvider(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.client = new StabilityClient(http, settings);
    }

    @Override
    public Provider provider() {
        return Provider.STABILITY;
    }

    @Override
    public Uni<GenerationResult> generate(GenerationCall call) {
        String engine = call.model().upstreamModel();
        return Repeated.inBatches(call.request().n(), StabilityRequests.MAX_SAMPLES, samples ->
                client.textToImage(engine, StabilityRequests.textToImage(call, samples)).map(StabilityResponses::images));
    }
}
