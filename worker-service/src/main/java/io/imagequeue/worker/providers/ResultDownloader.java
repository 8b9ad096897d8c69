package io.imagequeue.worker.providers;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;

/**
 * Fetches the image behind a result URL a provider handed out. Such URLs live minutes to hours, so an
 * adapter downloads them as soon as it sees them; the bytes then go to our own store.
 */
public final class ResultDownloader {

    private final WebClient http;
    private final String provider;
    private final Duration timeout;

    public ResultDownloader(WebClient http, String provider, Duration timeout) {
        this.http = http;
        this.provider = provider;
        this.timeout = timeout;
    }

    /**
     * Downloads one image. No credentials are sent: result URLs are pre-signed and often point at
     * another host (a CDN or blob store) that must never see the provider key. An expired or refused
     * URL is a RETRY: a new attempt generates a new image with a fresh URL.
     */
    public Uni<GeneratedImage> download(String url, String revisedPrompt) {
        return http.getAbs(url)
                .timeout(timeout.toMillis())
                .send()
                .onFailure().transform(f -> HttpFailures.classify(provider, f))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw ProviderFailure.retry(FailureCodes.RESULT_UNAVAILABLE,
                                provider + " result download answered HTTP " + response.statusCode());
                    }
                    byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes();
                    if (!ImageBytes.looksLikeImage(bytes)) {
                        throw ProviderFailure.retry(FailureCodes.RESULT_UNAVAILABLE,
                                provider + " result URL did not return an image");
                    }
                    return new GeneratedImage(bytes, ImageBytes.contentType(bytes, ImageBytes.PNG), revisedPrompt);
                });
    }
}
