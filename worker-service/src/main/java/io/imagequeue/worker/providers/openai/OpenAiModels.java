package io.imagequeue.worker.providers.openai;

/** What differs between OpenAI's image model families on the wire. */
final class OpenAiModels {

    private OpenAiModels() {
    }

    /** DALL·E takes {@code response_format} and {@code style}; GPT-image always answers base64 and rejects both. */
    static boolean isDallE(String upstreamModel) {
        return upstreamModel.startsWith("dall-e");
    }

    /** dall-e-3 makes one image per call; the others take {@code n} up to 10. */
    static int imagesPerCall(String upstreamModel) {
        return "dall-e-3".equals(upstreamModel) ? 1 : 10;
    }
}
