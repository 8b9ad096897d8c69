package io.imagequeue.worker.providers;

import io.imagequeue.worker.config.WorkerConfig;
import java.net.URI;

/**
 * Builds a provider URL from its configured base URL the way the provider's own SDKs read it.
 *
 * <p>Two conventions exist. OpenAI, BFL and DashScope SDKs take the <em>API root</em>, version
 * included ({@code https://api.openai.com/v1}, Azure's {@code …/openai/v1}, OpenRouter's
 * {@code …/api/v1}); Gemini, Stability, Ideogram and Automatic1111 clients take the <em>host</em>
 * and add the version path themselves. Either way a bare host ({@code http://host:port}) gets the
 * provider's version path, and a base that already ends in it is never given it twice.
 */
public final class Endpoints {

    /** How one provider's base URL is read. */
    public enum ApiRoot {
        OPENAI("/v1", true),
        BFL("/v1", true),
        DASHSCOPE("/api/v1", true),
        GEMINI("/v1beta", false),
        STABILITY("/v1", false),
        IDEOGRAM("", false),
        AUTOMATIC1111("/sdapi/v1", false);

        private final String versionPath;
        private final boolean pathIsRoot;

        ApiRoot(String versionPath, boolean pathIsRoot) {
            this.versionPath = versionPath;
            this.pathIsRoot = pathIsRoot;
        }

        /** The path requests are made under, for a configured base URL. */
        String root(String baseUrl) {
            String base = baseUrl.replaceAll("/+$", "");
            String path = pathOf(base);
            if (versionPath.isEmpty() || base.endsWith(versionPath) || pathIsRoot && !path.isEmpty()) {
                return base;
            }
            return base + versionPath;
        }

        private static String pathOf(String base) {
            try {
                String path = URI.create(base).getRawPath();
                return path == null ? "" : path;
            } catch (IllegalArgumentException notAUri) {
                return "";
            }
        }
    }

    private Endpoints() {
    }

    /**
     * The URL of {@code path} (relative to the API root, starting with a slash) for the provider's
     * configured base URL.
     */
    public static String url(WorkerConfig.ProviderSettings settings, ApiRoot root, String path) {
        return root.root(settings.baseUrl()) + path;
    }
}
