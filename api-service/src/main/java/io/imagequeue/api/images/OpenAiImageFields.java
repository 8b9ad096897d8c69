package io.imagequeue.api.images;

import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.MultipartBody.FieldKind;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.catalog.ParamNames;
import io.imagequeue.model.request.GenerationParams;
import java.util.Map;

/**
 * The scalar fields that {@code /v1/images/generations} and {@code /v1/images/edits} share, read into
 * {@link GenerationParams} with the contract's defaults.
 */
final class OpenAiImageFields {

    /** The contract's default where the model takes the parameter (API.md, generations table). */
    static final double DEFAULT_GUIDANCE_SCALE = 3.5;
    static final int DEFAULT_INFERENCE_STEPS = 30;

    /** Every scalar field of an edit, typed for the multipart form. */
    static final Map<String, FieldKind> EDIT_FIELD_KINDS = Map.ofEntries(
            Map.entry("prompt", FieldKind.STRING),
            Map.entry("model", FieldKind.STRING),
            Map.entry("n", FieldKind.INTEGER),
            Map.entry("size", FieldKind.STRING),
            Map.entry("quality", FieldKind.STRING),
            Map.entry("background", FieldKind.STRING),
            Map.entry("input_fidelity", FieldKind.STRING),
            Map.entry("output_format", FieldKind.STRING),
            Map.entry("output_compression", FieldKind.INTEGER),
            Map.entry("response_format", FieldKind.STRING),
            Map.entry("user", FieldKind.STRING),
            Map.entry("async", FieldKind.BOOLEAN),
            Map.entry("priority", FieldKind.STRING),
            Map.entry("webhook_url", FieldKind.STRING),
            Map.entry("webhook_events", FieldKind.STRING_LIST));

    private OpenAiImageFields() {
    }

    /** prompt, n, size, quality, background, output format and compression, response format, user. */
    static GenerationParams.Builder common(JsonBody body, String responseFormat) {
        return GenerationParams.builder()
                .prompt(body.string("prompt"))
                .n(body.integer("n"))
                .size(body.string("size"))
                .quality(body.string("quality"))
                .background(body.string("background"))
                .outputFormat(body.string("output_format"))
                .outputCompression(body.integer("output_compression"))
                .responseFormat(responseFormat)
                .user(body.string("user"));
    }

    /** The generations-only fields, with the diffusion defaults applied where the model takes them. */
    static GenerationParams.Builder generationExtras(GenerationParams.Builder params, JsonBody body, ModelSpec model) {
        Double guidance = body.number("guidance_scale");
        if (guidance == null && model.supports(ParamNames.GUIDANCE_SCALE)) {
            guidance = DEFAULT_GUIDANCE_SCALE;
        }
        Integer steps = body.integer("num_inference_steps");
        if (steps == null && model.supports(ParamNames.NUM_INFERENCE_STEPS)) {
            steps = DEFAULT_INFERENCE_STEPS;
        }
        return params
                .aspectRatio(body.string("aspect_ratio"))
                .style(body.string("style"))
                .guidanceScale(guidance)
                .numInferenceSteps(steps)
                .negativePrompt(body.string("negative_prompt"))
                .seed(body.longInteger("seed"));
    }
}
