package io.imagequeue.worker.providers.bfl;

import io.imagequeue.model.catalog.Provider;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.ImageProvider;
import io.imagequeue.worker.providers.ProgressReport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Black Forest Labs (FLUX): submit to {@code /v1/<model>}, poll exactly the returned
 * {@code polling_url}, then download {@code result.sample} at once (it lives 10 minutes).
 * BFL has no {@code n}: several images are several tasks, submitted one after the other.
 */
@ApplicationScoped
public class BflImageProvider implements ImageProvider {

    private final BflClient client;

    public BflImageProvider(WebClient http, WorkerConfig config) {
        this.client = new BflClient(http, config.providers().get(Provider.BFL.key()));
    }

    @Override
    public Provider provider() {
        return Provider.BFL;
    }

    @Override
    public Uni<GenerationResult> generate(GenerationCall call) {
        int n = Math.max(1, call.request().n());
        return Multi.createFrom().range(0, n)
                .onItem().transformToUniAndConcatenate(i -> generateOne(call, call.progress().part(i, n)))
                .collect().asList()
                .map(GenerationResult::new);
    }

    /** One BFL task; with several images, its progress is its share of the whole call's. */
    private Uni<GeneratedImage> generateOne(GenerationCall call, ProgressReport progress) {
        return client.submit(call.model().upstreamModel(), BflRequests.body(call))
                .flatMap(task -> client.awaitSample(task, progress))
                .flatMap(client::download);
    }
}
