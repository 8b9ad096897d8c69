package io.imagequeue.worker.providers.openai;

import io.imagequeue.model.catalog.Provider;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.ImageBytes;
import io.imagequeue.worker.providers.ImageProvider;
import io.imagequeue.worker.providers.Repeated;
import io.imagequeue.worker.providers.ResultDownloader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * OpenAI Images: DALL·E 2/3 and GPT-image. Text to image goes to {@code /v1/images/generations},
 * a call with input images to {@code /v1/images/edits} (multipart). Images come back as base64; a
 * {@code url} answer is downloaded at once. dall-e-3 makes one image per call, so its {@code n} is
 * several calls in a row.
 */
@ApplicationScoped
public class OpenAiImageProvider implements ImageProvider {

    private final OpenAiClient client;
    private final ResultDownloader downloader;

    @Inject
    public OpenAiImageProvider(WebClient http, WorkerConfig config) {
        this(http, config.providers().get(Provider.OPENAI.key()));
    }

    /** For tests and tools that hold the settings of one provider. */
    OpenAiImageProvider(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.client = new OpenAiClient(http, settings);
        this.downloader = new ResultDownloader(http, OpenAiClient.NAME, settings.requestTimeout());
    }

    @Override
    public Provider provider() {
        return Provider.OPENAI;
    }

    @Override
    public Uni<GenerationResult> generate(GenerationCall call) {
        if (!call.inputImages().isEmpty()) {
            return client.edit(OpenAiRequests.editForm(call))
                    .flatMap(this::images)
                    .map(GenerationResult::new);
        }
        return Repeated.inBatches(call.request().n(), OpenAiModels.imagesPerCall(call.model().upstreamModel()),
                count -> client.generate(OpenAiRequests.generationBody(call, count)).flatMap(this::images));
    }

    private Uni<List<GeneratedImage>> images(JsonObject response) {
        return Multi.createFrom().iterable(OpenAiResponses.items(response))
                .onItem().transformToUniAndConcatenate(this::image)
                .collect().asList();
    }

    private Uni<GeneratedImage> image(OpenAiResponses.ImageItem item) {
        if (item.b64Json() != null) {
            byte[] bytes = ImageBytes.decodeBase64(OpenAiClient.NAME, item.b64Json());
            return Uni.createFrom().item(new GeneratedImage(bytes, ImageBytes.contentType(bytes, ImageBytes.PNG),
                    item.revisedPrompt()));
        }
        return downloader.download(item.url(), item.revisedPrompt());
    }
}
