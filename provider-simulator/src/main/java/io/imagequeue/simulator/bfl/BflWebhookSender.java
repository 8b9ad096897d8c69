package io.imagequeue.simulator.bfl;

import io.imagequeue.simulator.http.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Posts a finished task to its {@code webhook_url}, as BFL's skills documentation describes it (UNCONFIRMED in
 * the OpenAPI): body {@code {id, status, result, details}}, header {@code X-BFL-Signature: sha256=<hex HMAC>} when a
 * secret was given, retried after 1 s and 5 s on failure.
 */
final class BflWebhookSender {

    private static final long[] RETRY_DELAYS_MS = {1_000, 5_000};

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Waits until the task finishes, then delivers; runs on its own virtual thread. */
    void deliverWhenFinished(BflTask task, Supplier<Map<String, Object>> payload, long nowMs) {
        Thread.ofVirtual().name("bfl-webhook-" + task.id).start(() -> {
            try {
                Thread.sleep(Math.max(0, task.finishesAtMs - nowMs));
                byte[] body = Json.write(payload.get());
                for (int attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
                    if (post(task, body)) {
                        return;
                    }
                    if (attempt < RETRY_DELAYS_MS.length) {
                        Thread.sleep(RETRY_DELAYS_MS[attempt]);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private boolean post(BflTask task, byte[] body) throws InterruptedException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(task.submission.webhookUrl()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            String secret = task.submission.webhookSecret();
            if (secret != null && !secret.isEmpty()) {
                request.header("X-BFL-Signature", "sha256=" + hmac(secret, body));
            }
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
