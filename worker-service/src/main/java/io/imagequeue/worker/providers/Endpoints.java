package io.imagequeue.worker.providers;

import io.imagequeue.worker.config.WorkerConfig;

/** Builds a provider URL from its configured base, which may or may not end in a slash. */
public final class Endpoints {

    private Endpoints() {
    }

    public static String url(WorkerConfig.ProviderSettings settings, String path) {
        return settings.baseUrl().replaceAll("/+$", "") + path;
    }
}
