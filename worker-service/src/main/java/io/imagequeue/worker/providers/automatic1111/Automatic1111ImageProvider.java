package io.imagequeue.worker.providers.automatic1111;

import io.imagequeue.model.catalog.Provider;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.ImageProvider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A self-hosted AUTOMATIC1111 WebUI: {@code POST /sdapi/v1/txt2img} with the catalog's checkpoint in
 * {@code override_settings}, {@code n} as {@code batch_size}, images back as bare base64. The server
 * runs one job at a time, so this adapter sends it one call at a time.
 */
@ApplicationScoped
public class Automatic1111ImageProvider implements ImageProvider {

    private final Automatic1111Client client;

    @Inject
    public Automatic1111ImageProvider(WebClient http, WorkerConfig config) {
        this(http, config.providers().get(Provider.AUTOMATIC1111.key()));
    }

    /** For tests and tools that hold the settings of one provider. */
    Automatic1111ImageProvider(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.client = new Automatic1111Client(http, settings);
    }

    @Override
    public Provider provider() {
        return Provider.AUTOMATIC1111;
    }

    @Override
    public Uni<GenerationResult> generate(GenerationCall call) {
        int n = Math.max(1, call.request().n());
        return client.txt2img(Automatic1111Requests.txt2img(call), Automatic1111Progress.jobId(call.taskId(), call.attempt()),
                        call.progress())
                .map(answer -> new GenerationResult(Automatic1111Responses.images(answer, n)));
    }
}
