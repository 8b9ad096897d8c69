package io.imagequeue.worker.providers;

/** One image an upstream produced, already downloaded. */
public record GeneratedImage(byte[] bytes, String contentType, String revisedPrompt) {
}
