package io.imagequeue.model.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tenants' webhook signing secrets, derived rather than stored: a secret is the HMAC-SHA256 of
 * the service's signing key over the tenant id and the secret's generation, so the database holds
 * only the generation numbers and a stolen dump signs nothing. The API hands a secret out and the
 * workers sign with it; both hold the same signing key.
 */
public final class SigningSecrets {

    public static final String PREFIX = "whsec_";
    /** A signing key shorter than this is refused: it must be at least as strong as the secrets. */
    public static final int MIN_KEY_LENGTH = 32;

    private final byte[] signingKey;

    public SigningSecrets(String signingKey) {
        if (signingKey == null || signingKey.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the webhook signing key must be at least " + MIN_KEY_LENGTH + " characters");
        }
        this.signingKey = signingKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The 32 secret bytes of a tenant's generation. */
    public byte[] secretBytes(String tenantId, int generation) {
        return hmac(signingKey, "imagequeue-webhook-secret\n" + tenantId + "\n" + generation);
    }

    /** The secret as the Standard Webhooks libraries take it: {@code whsec_<base64>}. */
    public String secret(String tenantId, int generation) {
        return PREFIX + Base64.getEncoder().encodeToString(secretBytes(tenantId, generation));
    }

    static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
