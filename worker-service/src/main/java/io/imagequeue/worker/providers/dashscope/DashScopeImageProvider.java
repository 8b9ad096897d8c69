package io.imagequeue.worker.providers.dashscope;

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
 * Alibaba DashScope (Qwen-Image). Text to image uses the async task API: submit with
 * {@code X-DashScope-Async: enable}, poll {@code /api/v1/tasks/{id}}, download the result URLs at
 * once. Edits use the synchronous multimodal-generation API with the input images inline. Models
 * that make one image per call get {@code n} as several calls in a row.
 */
@ApplicationScoped
public class DashScopeImageProvider implements ImageProvider {

    private final DashScopeClient client;
    private final ResultDownloader downloader;

    @Inject
    public DashScopeImageProvider(WebClient http, WorkerConfig config) {
        this(http, config.providers().get(Provider.DASHSCOPE.key()));
    }

    /** For tests and tools that hold the settings of one provider. */
    DashScopeImageProvider(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.client = new DashScopeClient(http, settings);
        this.downloader = new ResultDownloader(http, DashScopeClient.NAME, settings.requestTimeout());
    }

    @Override
    public Provider provider() {
        return Provider.DASHSCOPE;
    }

    @Override
    public Uni<GenerationResult> generate(GenerationCall call) {
        int perCall = DashScopeSizes.imagesPerCall(call.model().upstreamModel());
        if (call.inputImages().isEmpty()) {
            return Repeated.inBatches(call.request().n(), perCall, count ->
                    client.submit(DashScopeRequests.textToImage(call, count))
                            .flatMap(client::awaitResult)
                            .flatMap(this::download));
        }
        return Repeated.inBatches(call.request().n(), perCall, count ->
                client.generateSync(DashScopeRequests.multimodal(call, count)).flatMap(this::download));
    }

    private Uni<List<GeneratedImage>> download(List<DashScopeResponses.ResultImage> images) {
        return Multi.createFrom().iterable(images)
                .onItem().transformToUniAndConcatenate(image -> downloader.download(image.url(), image.actualPrompt()))
                .collect().asList();
    }
}
