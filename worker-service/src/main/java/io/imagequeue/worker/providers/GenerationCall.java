package io.imagequeue.worker.providers;

import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.request.NormalizedRequest;
import java.util.List;

/**
 * One attempt at generating a task's images.
 *
 * @param inputImages the bytes of uploaded input images, in order (empty for text to image)
 * @param mask        the mask of an edit, or null
 * @param progress    where the adapter reports the provider's progress, if its protocol has any
 */
public record GenerationCall(String taskId, int attempt, ModelSpec model, NormalizedRequest request,
                             List<byte[]> inputImages, byte[] mask, ProgressReport progress) {

    public GenerationCall {
        progress = progress == null ? ProgressReport.NONE : progress;
    }

    /** A call whose progress nobody watches. */
    public GenerationCall(String taskId, int attempt, ModelSpec model, NormalizedRequest request,
                          List<byte[]> inputImages, byte[] mask) {
        this(taskId, attempt, model, request, inputImages, mask, ProgressReport.NONE);
    }

    public GenerationCall withProgress(ProgressReport report) {
        return new GenerationCall(taskId, attempt, model, request, inputImages, mask, report);
    }
}
