package io.imagequeue.api.tasks;

import io.imagequeue.model.task.GenerationEndpoints;
import io.imagequeue.model.task.ResultShape;

/** The generation endpoints, by the path a task records, and the result body each answers with. */
public final class Endpoints {

    public static final String OPENAI_GENERATIONS = GenerationEndpoints.OPENAI_GENERATIONS;
    public static final String OPENAI_EDITS = GenerationEndpoints.OPENAI_EDITS;
    public static final String AUTOMATIC1111_TXT2IMG = GenerationEndpoints.AUTOMATIC1111_TXT2IMG;
    public static final String FLUX_GENERATE = GenerationEndpoints.FLUX_GENERATE;
    public static final String GEMINI_GENERATE = GenerationEndpoints.GEMINI_GENERATE;
    public static final String GPT_IMAGE_GENERATE = GenerationEndpoints.GPT_IMAGE_GENERATE;
    public static final String GPT_IMAGE_EDIT = GenerationEndpoints.GPT_IMAGE_EDIT;
    public static final String QWEN_GENERATE = GenerationEndpoints.QWEN_GENERATE;
    public static final String QWEN_EDIT = GenerationEndpoints.QWEN_EDIT;

    private Endpoints() {
    }

    /** Whether the endpoint takes input images in its body, and so a larger body limit. */
    public static boolean carriesImages(String path) {
        return switch (path) {
            case OPENAI_EDITS, FLUX_GENERATE, GPT_IMAGE_EDIT, QWEN_EDIT -> true;
            default -> false;
        };
    }

    public static ResultShape shapeOf(String endpoint) {
        return GenerationEndpoints.shapeOf(endpoint);
    }
}
