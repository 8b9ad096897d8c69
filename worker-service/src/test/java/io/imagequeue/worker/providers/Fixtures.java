package io.imagequeue.worker.providers;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * PROVIDERS.md's example payloads, stored under {@code src/test/resources/.../providers/fixtures/},
 * for the package-private mapper tests.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** E.g. {@code json("openai/images-response-b64.json")}. */
    public static JsonObject json(String name) {
        String path = "/io/imagequeue/worker/providers/fixtures/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
