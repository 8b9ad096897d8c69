package io.imagequeue.model.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The test vector the Standard Webhooks reference libraries verify against. */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsTestVector() {
        String header = WebhookSignature.header(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY,
                List.of(WebhookSignature.secretBytes(SPEC_SECRET)));

        assertThat(header).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void signsWithEverySecretSpaceSeparatedNewestFirst() {
        SigningSecrets secrets = new SigningSecrets("k".repeat(SigningSecrets.MIN_KEY_LENGTH));
        byte[] next = secrets.secretBytes("acme", 2);
        byte[] previous = secrets.secretBytes("acme", 1);

        String both = WebhookSignature.header(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(next, previous));

        assertThat(both.split(" ")).containsExactly(
                WebhookSignature.header(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(next)),
                WebhookSignature.header(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(previous)));
    }
}
