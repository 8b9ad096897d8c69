package io.imagequeue.api.tasks;

/** One image a task produced, by its object-store key. */
public record StoredImage(int index, String objectKey, String contentType, String revisedPrompt) {
}
