package io.imagequeue.api.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The largest request body each kind of endpoint takes; a larger one is a 413. Endpoints that carry
 * input images need room for them (base64 adds a third); text-only endpoints need very little, and
 * refusing big bodies early keeps them from tying up memory.
 *
 * <p>{@code quarkus.http.limits.max-body-size} must stay above both, as the server's absolute cap.
 */
@ConfigMapping(prefix = "imagequeue.http")
public interface BodyLimits {

    /** Generations, txt2img, gemini-3, gpt-image generate, qwen generate. */
    @WithDefault("1M")
    MemorySize maxTextRequestBody();

    /** Edits (JSON or multipart), flux (reference images), gpt-image edit, qwen edit. */
    @WithDefault("60M")
    MemorySize maxImageRequestBody();

    /** {@code POST /v1/files}: a batch input file of up to 200 MB plus the form around it. */
    @WithDefault("201M")
    MemorySize maxFileRequestBody();
}
