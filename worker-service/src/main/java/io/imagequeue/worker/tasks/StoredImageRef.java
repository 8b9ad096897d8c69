package io.imagequeue.worker.tasks;

/** An image already in the object store, ready to be recorded on its task. */
public record StoredImageRef(int index, String objectKey, String contentType, Integer width, Integer height,
                             long byteSize, String revisedPrompt) {
}
