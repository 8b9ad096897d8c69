package io.imagequeue.api.files;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The largest batch input file, in bytes and in lines (OpenAI's own limits). */
@ConfigMapping(prefix = "imagequeue.files")
public interface FileLimits {

    @WithDefault("200M")
    MemorySize maxBytes();

    @WithDefault("50000")
    int maxLines();
}
