package io.imagequeue.worker.providers;

import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.request.NormalizedRequest;
import java.util.List;

/**
 * One attempt at generating a task's images.
 *
 * @param inputImages the bytes of uploaded input images, in order (empty for text to image)
 * @param mask        the mask of an edit, or null
 */
public record GenerationCall(String taskId, int attempt, ModelSpec model, NormalizedRequest request,
                             List<byte[]> inputImages, byte[] mask) {
}
