package io.imagequeue.model.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request parameter names that a model may or may not support, as spelled on the wire (snake
 * case), with the values the contract allows for the enumerated ones.
 *
 * <p>The universal parameters ({@code prompt}, {@code model}, {@code n}, {@code size},
 * {@code aspect_ratio}, {@code response_format}, {@code async}, {@code user}) are not listed here:
 * every model accepts them. {@code width} and {@code height} are governed by the model's
 * {@link SizeRule} instead (only {@link FreeDimensions} takes them).
 */
public final class ParamNames {

    public static final String PROMPT = "prompt";
    public static final String MODEL = "model";
    public static final String N = "n";
    public static final String SIZE = "size";
    public static final String ASPECT_RATIO = "aspect_ratio";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String RESPONSE_FORMAT = "response_format";
    public static final String USER = "user";
    /** The input image(s) of an edit; the {@code /v1/images/edits} JSON body calls the array {@code images}. */
    public static final String IMAGE = "image";
    public static final String MASK = "mask";

    public static final String QUALITY = "quality";
    public static final String STYLE = "style";
    public static final String BACKGROUND = "background";
    public static final String OUTPUT_FORMAT = "output_format";
    public static final String OUTPUT_COMPRESSION = "output_compression";
    public static final String GUIDANCE_SCALE = "guidance_scale";
    public static final String NUM_INFERENCE_STEPS = "num_inference_steps";
    public static final String NEGATIVE_PROMPT = "negative_prompt";
    public static final String SEED = "seed";
    public static final String SAFETY_TOLERANCE = "safety_tolerance";
    public static final String IMAGE_SIZE = "image_size";
    public static final String CFG_SCALE = "cfg_scale";
    public static final String INPUT_FIDELITY = "input_fidelity";

    /** Every name that may appear in a model's {@code supported_params}. */
    public static final Set<String> OPTIONAL = Set.of(
            QUALITY, STYLE, BACKGROUND, OUTPUT_FORMAT, OUTPUT_COMPRESSION, GUIDANCE_SCALE,
            NUM_INFERENCE_STEPS, NEGATIVE_PROMPT, SEED, SAFETY_TOLERANCE, IMAGE_SIZE, CFG_SCALE,
            INPUT_FIDELITY);

    /**
     * The values the contract allows for each enumerated parameter; a model may narrow them with
     * {@code param_values} in the catalog. {@code image_size} is absent because its values come from
     * the model's {@link AspectRatios} rule.
     */
    public static final Map<String, List<String>> CONTRACT_VALUES;

    /** The values of {@code response_format}, which every model accepts. */
    public static final List<String> RESPONSE_FORMATS = List.of("url", "b64_json");

    static {
        var values = new LinkedHashMap<String, List<String>>();
        values.put(QUALITY, List.of("standard", "hd", "low", "medium", "high", "auto"));
        values.put(STYLE, List.of("vivid", "natural"));
        values.put(BACKGROUND, List.of("transparent", "opaque", "auto"));
        values.put(OUTPUT_FORMAT, List.of("png", "jpeg", "webp"));
        values.put(INPUT_FIDELITY, List.of("high", "low"));
        CONTRACT_VALUES = Collections.unmodifiableMap(values);
    }

    private ParamNames() {
    }
}
