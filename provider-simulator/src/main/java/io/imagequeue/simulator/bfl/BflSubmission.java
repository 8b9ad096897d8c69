package io.imagequeue.simulator.bfl;

import io.imagequeue.simulator.render.ImageFormat;

/**
 * A validated submit body.
 *
 * @param endpoint      the model endpoint, e.g. {@code flux-pro-1.1}
 * @param prompt        the prompt ("" when the endpoint allows none)
 * @param width         output width after BFL's sizing rules
 * @param height        output height after BFL's sizing rules
 * @param seed          the seed used (random when none was sent)
 * @param format        output encoding
 * @param webhookUrl    where to POST the result, or null
 * @param webhookSecret HMAC secret for the webhook signature, or null
 */
record BflSubmission(String endpoint, String prompt, int width, int height, long seed, ImageFormat format,
                     String webhookUrl, String webhookSecret) {

    double outputMegapixels() {
        return Math.round(width * (double) height / 10_000.0) / 100.0;
    }
}
