package io.imagequeue.worker.providers;

import io.imagequeue.model.catalog.Provider;
import io.smallrye.mutiny.Uni;

/**
 * One upstream provider's adapter: turns a validated request into calls of the provider's own
 * protocol and returns the image bytes. Failures arrive as {@link ProviderFailure}.
 */
public interface ImageProvider {

    Provider provider();

    Uni<GenerationResult> generate(GenerationCall call);
}
