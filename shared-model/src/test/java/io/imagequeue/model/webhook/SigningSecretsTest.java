package io.imagequeue.model.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SigningSecretsTest {

    private final SigningSecrets secrets = new SigningSecrets("a-signing-key-of-at-least-32-characters");

    @Test
    void aSecretIsWhsecAndTheBase64OfThirtyTwoBytes() {
        String secret = secrets.secret("acme", 1);

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.secretBytes(secret)).isEqualTo(secrets.secretBytes("acme", 1));
    }

    @Test
    void tenantsAndGenerationsHaveTheirOwnSecrets() {
        assertThat(secrets.secret("acme", 1))
                .isEqualTo(secrets.secret("acme", 1))
                .isNotEqualTo(secrets.secret("acme", 2))
                .isNotEqualTo(secrets.secret("globex", 1));
        assertThat(new SigningSecrets("another-signing-key-of-32-characters!").secret("acme", 1))
                .isNotEqualTo(secrets.secret("acme", 1));
    }

    @Test
    void refusesAShortSigningKey() {
        assertThatThrownBy(() -> new SigningSecrets("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32");
    }
}
