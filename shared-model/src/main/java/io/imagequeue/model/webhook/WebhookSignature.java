package io.imagequeue.model.webhook;

import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code webhook-signature} header of the Standard Webhooks specification: {@code v1,} and the
 * base64 HMAC-SHA256 of {@code "<webhook-id>.<webhook-timestamp>.<body>"} under each valid secret,
 * separated by spaces, so a receiver holding either the old or the new secret verifies during a
 * rotation.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** @param secrets the secrets' bytes (after {@code whsec_} and base64), newest first */
    public static String header(String webhookId, long timestampSeconds, String body, List<byte[]> secrets) {
        String signed = webhookId + "." + timestampSeconds + "." + body;
        return secrets.stream()
                .map(secret -> "v1," + Base64.getEncoder().encodeToString(SigningSecrets.hmac(secret, signed)))
                .collect(Collectors.joining(" "));
    }

    /** The bytes of a {@code whsec_…} secret. */
    public static byte[] secretBytes(String secret) {
        String encoded = secret.startsWith(SigningSecrets.PREFIX) ? secret.substring(SigningSecrets.PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }
}
