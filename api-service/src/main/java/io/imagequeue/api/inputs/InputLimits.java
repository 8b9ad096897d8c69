package io.imagequeue.api.inputs;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds on the input images of edits and reference-image requests, and on fetching them by URL. */
@ConfigMapping(prefix = "imagequeue.inputs")
public interface InputLimits {

    /** The largest input image (or mask) accepted, in bytes, after base64 decoding; larger is a 413. */
    @WithDefault("20M")
    MemorySize maxImageBytes();

    /**
     * The most pixels (width × height, read from the header) an input image may declare; more is a
     * 413. This is what refuses decompression bombs: a tiny file that claims a huge canvas is never
     * decoded, by us or by the provider.
     */
    @WithDefault("40000000")
    long maxImagePixels();

    Fetch fetch();

    /** Fetching {@code image_url}s: public addresses only, bounded in redirects, bytes and time. */
    interface Fetch {
        /** Redirects followed (each one re-checked) before the fetch is refused. */
        @WithDefault("3")
        int maxRedirects();

        /** Time to establish each connection. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** Time for the whole fetch, redirects included; past it the image is refused. */
        @WithDefault("PT15S")
        Duration totalTimeout();
    }
}
