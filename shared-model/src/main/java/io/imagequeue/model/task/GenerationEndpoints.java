package io.imagequeue.model.task;

/**
 * The generation endpoints, by the path a task records, and the result body each answers with:
 * the API answers with it, and the workers render it into webhook payloads.
 */
public final class GenerationEndpoints {

    public static final String OPENAI_GENERATIONS = "/v1/images/generations";
    public static final String OPENAI_EDITS = "/v1/images/edits";
    public static final String AUTOMATIC1111_TXT2IMG = "/v2/automatic1111/sdapi/v1/txt2img";
    public static final String FLUX_GENERATE = "/v2/image/flux/generate";
    public static final String GEMINI_GENERATE = "/v2/image/gemini-3/generate";
    public static final String GPT_IMAGE_GENERATE = "/v2/image/gpt-image/generate";
    public static final String GPT_IMAGE_EDIT = "/v2/image/gpt-image/edit";
    public static final String QWEN_GENERATE = "/v2/image/qwen/generate";
    public static final String QWEN_EDIT = "/v2/image/qwen/edit";

    private GenerationEndpoints() {
    }

    public static ResultShape shapeOf(String endpoint) {
        return switch (endpoint) {
            case OPENAI_GENERATIONS, OPENAI_EDITS -> ResultShape.OPENAI;
            case AUTOMATIC1111_TXT2IMG, FLUX_GENERATE, GEMINI_GENERATE -> ResultShape.BASE64_IMAGES;
            case GPT_IMAGE_GENERATE, GPT_IMAGE_EDIT -> ResultShape.URL_IMAGES;
            case QWEN_GENERATE, QWEN_EDIT -> ResultShape.URLS;
            default -> throw new IllegalArgumentException("not a generation endpoint: " + endpoint);
        };
    }
}
