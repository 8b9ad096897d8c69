package io.imagequeue.worker.providers.ideogram;

import io.imagequeue.model.catalog.Provider;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.ImageProvider;
import io.imagequeue.worker.providers.Repeated;
import io.imagequeue.worker.providers.ResultDownloader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Ideogram's v2 models through the legacy {@code POST /generate} ({@code image_request} JSON, the
 * model as {@code V_2}, sizes as {@code ASPECT_W_H}). Results are URLs "for a limited period", so
 * they are downloaded at once; the prompt Ideogram rewrote becomes the revised prompt.
 */
@ApplicationScoped
public class IdeogramImageProvider implements ImageProvider {

    private final IdeogramClient client;
    private final ResultDownloader downloader;

    @Inject
    public IdeogramImageProvider(WebClient http, WorkerConfig config) {
        this(http, config.providers().get(Provider.IDEOGRAM.key()));
    }

    /** For tests and tools that hold the settings of one provider. */
    IdeogramImageProvider(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.client = new IdeogramClient(http, settings);
        this.downloader = new ResultDownloader(http, IdeogramClient.NAME, settings.requestTimeout());
    }

    @Override
    public Provider provider() {
        return Provider.IDEOGRAM;
    }

    @Override
    public Uni<GenerationResult> generate(GenerationCall call) {
        return Repeated.inBatches(call.request().n(), IdeogramRequests.MAX_IMAGES, count ->
                client.generate(IdeogramRequests.generate(call, count))
                        .map(IdeogramResponses::images)
                        .flatMap(this::download));
    }

    private Uni<List<GeneratedImage>> download(List<IdeogramResponses.ResultImage> images) {
        return Multi.createFrom().iterable(images)
                .onItem().transformToUniAndConcatenate(image -> downloader.download(image.url(), image.prompt()))
                .collect().asList();
    }
}
