package io.imagequeue.worker.providers;

import java.util.List;

/** What a successful generation produced. */
public record GenerationResult(List<GeneratedImage> images) {
}
