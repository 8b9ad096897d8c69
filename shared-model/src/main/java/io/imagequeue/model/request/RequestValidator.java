package io.imagequeue.model.request;

import static io.imagequeue.model.catalog.ParamNames.ASPECT_RATIO;
import static io.imagequeue.model.catalog.ParamNames.BACKGROUND;
import static io.imagequeue.model.catalog.ParamNames.CFG_SCALE;
import static io.imagequeue.model.catalog.ParamNames.GUIDANCE_SCALE;
import static io.imagequeue.model.catalog.ParamNames.HEIGHT;
import static io.imagequeue.model.catalog.ParamNames.IMAGE;
import static io.imagequeue.model.catalog.ParamNames.IMAGE_SIZE;
import static io.imagequeue.model.catalog.ParamNames.INPUT_FIDELITY;
import static io.imagequeue.model.catalog.ParamNames.MASK;
import static io.imagequeue.model.catalog.ParamNames.MODEL;
import static io.imagequeue.model.catalog.ParamNames.N;
import static io.imagequeue.model.catalog.ParamNames.NEGATIVE_PROMPT;
import static io.imagequeue.model.catalog.ParamNames.NUM_INFERENCE_STEPS;
import static io.imagequeue.model.catalog.ParamNames.OUTPUT_COMPRESSION;
import static io.imagequeue.model.catalog.ParamNames.OUTPUT_FORMAT;
import static io.imagequeue.model.catalog.ParamNames.PROMPT;
import static io.imagequeue.model.catalog.ParamNames.QUALITY;
import static io.imagequeue.model.catalog.ParamNames.RESPONSE_FORMAT;
import static io.imagequeue.model.catalog.ParamNames.SAFETY_TOLERANCE;
import static io.imagequeue.model.catalog.ParamNames.SEED;
import static io.imagequeue.model.catalog.ParamNames.SIZE;
import static io.imagequeue.model.catalog.ParamNames.STYLE;
import static io.imagequeue.model.catalog.ParamNames.WIDTH;
import static io.imagequeue.model.error.InvalidRequestException.INVALID_N;
import static io.imagequeue.model.error.InvalidRequestException.INVALID_SIZE;
import static io.imagequeue.model.error.InvalidRequestException.MISSING_REQUIRED_PARAMETER;
import static io.imagequeue.model.error.InvalidRequestException.PROMPT_TOO_LONG;

import io.imagequeue.model.catalog.AspectRatios;
import io.imagequeue.model.catalog.Capability;
import io.imagequeue.model.catalog.Dimensions;
import io.imagequeue.model.catalog.FixedSizes;
import io.imagequeue.model.catalog.FreeDimensions;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.catalog.ParamNames;
import io.imagequeue.model.catalog.Ratio;
import io.imagequeue.model.error.InvalidRequestException;
import io.imagequeue.model.error.ModelNotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a request against the contract and the chosen model's catalog entry and turns it into a
 * {@link NormalizedRequest}; pure, no I/O, safe to share between threads.
 *
 * <p>Each failure is an {@link InvalidRequestException} that names one parameter, so the client
 * learns exactly what to change; the first failure found is reported.
 *
 * <p>Sizes: {@code aspect_ratio} wins over everything else. A fixed-size model takes the listed
 * size with that ratio, or the nearest within {@value #RATIO_TOLERANCE_PERCENT}%; a free-size model
 * gets sides of the ratio with about the pixel count of its default size, on its grid; an
 * aspect-ratio model takes it as is if listed. Without one, a free-size model takes
 * {@code width}/{@code height} (each defaulting separately) before {@code size}; other models
 * reject {@code width}/{@code height}. An aspect-ratio model also accepts a {@code size} whose
 * reduced ratio it lists.
 */
public final class RequestValidator {

    /** How far (in percent) a fixed size's ratio may be from the requested {@code aspect_ratio}. */
    public static final int RATIO_TOLERANCE_PERCENT = 20;

    static final double MIN_GUIDANCE_SCALE = 0;
    static final double MAX_GUIDANCE_SCALE = 20;
    static final int MIN_STEPS = 1;
    static final int MAX_STEPS = 150;
    static final double MIN_CFG_SCALE = 1;
    static final double MAX_CFG_SCALE = 30;
    static final int MIN_SAFETY_TOLERANCE = 0;
    static final int MAX_SAFETY_TOLERANCE = 6;
    static final int MIN_COMPRESSION = 0;
    static final int MAX_COMPRESSION = 100;
    // The tightest upstream seed range (DashScope), so a seed that validates works everywhere.
    static final long MAX_SEED = Integer.MAX_VALUE;
    // Automatic1111's spelling of "random".
    static final long RANDOM_SEED = -1;
    static final String DEFAULT_OUTPUT_FORMAT = "png";

    private static final double RATIO_TOLERANCE = 1 + RATIO_TOLERANCE_PERCENT / 100.0;

    private final ModelCatalog catalog;

    public RequestValidator(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Validates a request for a model and fills in its defaults.
     *
     * @param modelIdOrAuto a model id or alias, {@code auto}, or null (the default model)
     * @param params the request's parameters; null counts as an empty request
     * @throws ModelNotFoundException when the model is unknown
     * @throws InvalidRequestException for the first rule the request breaks
     */
    public NormalizedRequest validate(String modelIdOrAuto, GenerationParams params) {
        ModelSpec model = catalog.resolve(modelIdOrAuto);
        GenerationParams p = params != null ? params : GenerationParams.builder().build();

        String prompt = checkPrompt(model, p.prompt());
        int n = checkN(model, p.n());
        checkInputImages(model, p.inputImageCount(), p.hasMask());
        SizeChoice size = chooseSize(model, p);
        String imageSize = checkImageSize(model, p.imageSize());

        String quality = enumerated(model, QUALITY, p.quality());
        if (quality == null) {
            quality = model.defaultQuality();
        }
        String style = enumerated(model, STYLE, p.style());
        checkResponseFormat(p.responseFormat());
        String outputFormat = checkOutputFormat(model, p.outputFormat());
        Integer outputCompression = checkOutputCompression(model, p.outputCompression(), outputFormat);
        String background = enumerated(model, BACKGROUND, p.background());
        if ("transparent".equals(background) && "jpeg".equals(outputFormat)) {
            throw InvalidRequestException.invalidValue(BACKGROUND,
                    "A transparent background needs output_format png or webp; jpeg has no transparency.");
        }
        Double guidanceScale = checkRange(model, GUIDANCE_SCALE, p.guidanceScale(), MIN_GUIDANCE_SCALE, MAX_GUIDANCE_SCALE);
        Integer steps = checkRange(model, NUM_INFERENCE_STEPS, p.numInferenceSteps(), MIN_STEPS, MAX_STEPS);
        String negativePrompt = checkNegativePrompt(model, p.negativePrompt());
        Long seed = checkSeed(model, p.seed());
        Integer safetyTolerance = checkRange(
                model, SAFETY_TOLERANCE, p.safetyTolerance(), MIN_SAFETY_TOLERANCE, MAX_SAFETY_TOLERANCE);
        Double cfgScale = checkRange(model, CFG_SCALE, p.cfgScale(), MIN_CFG_SCALE, MAX_CFG_SCALE);
        String inputFidelity = enumerated(model, INPUT_FIDELITY, p.inputFidelity());

        return new NormalizedRequest(
                model.id(), prompt, n,
                size.width(), size.height(), size.size(), size.aspectRatio(), imageSize,
                quality, style, outputFormat, outputCompression, background,
                guidanceScale, steps, negativePrompt, seed, safetyTolerance, cfgScale, inputFidelity,
                p.user());
    }

    private static String checkPrompt(ModelSpec model, String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw InvalidRequestException.missing(PROMPT);
        }
        // Code points, not UTF-16 units: an emoji is one character to the caller.
        int length = prompt.codePointCount(0, prompt.length());
        if (length > model.maxPromptLength()) {
            throw new InvalidRequestException(PROMPT, PROMPT_TOO_LONG, "Prompt is too long: " + length
                    + " characters; model '" + model.id() + "' allows at most " + model.maxPromptLength() + ".");
        }
        return prompt;
    }

    private static int checkN(ModelSpec model, Integer requested) {
        if (requested == null) {
            return 1;
        }
        int n = requested;
        if (n < 1 || n > ModelSpec.MAX_N) {
            throw new InvalidRequestException(N, INVALID_N,
                    "Invalid 'n': " + n + ". Must be between 1 and " + ModelSpec.MAX_N + ".");
        }
        if (n > model.maxN()) {
            throw new InvalidRequestException(N, INVALID_N, "Invalid 'n': " + n + ". Model '" + model.id()
                    + "' makes at most " + model.maxN() + (model.maxN() == 1 ? " image" : " images") + " per request.");
        }
        return n;
    }

    private static void checkInputImages(ModelSpec model, int count, boolean hasMask) {
        if (count < 0) {
            throw new IllegalArgumentException("inputImageCount must not be negative, was " + count);
        }
        if (count > 0 && !model.has(Capability.IMAGE_TO_IMAGE)) {
            throw InvalidRequestException.invalidValue(MODEL, "Model '" + model.id()
                    + "' does not accept input images; choose a model that edits images.");
        }
        if (count > model.maxInputImages()) {
            throw InvalidRequestException.invalidValue(IMAGE, "Model '" + model.id() + "' accepts at most "
                    + model.maxInputImages() + (model.maxInputImages() == 1 ? " input image" : " input images")
                    + "; the request has " + count + ".");
        }
        if (count == 0 && !model.has(Capability.TEXT_TO_IMAGE)) {
            throw new InvalidRequestException(IMAGE, MISSING_REQUIRED_PARAMETER,
                    "Missing required parameter: 'image'. Model '" + model.id() + "' edits an input image.");
        }
        if (hasMask) {
            if (!model.features().contains("mask")) {
                throw InvalidRequestException.unsupported(MASK, model.id());
            }
            if (count == 0) {
                throw InvalidRequestException.invalidValue(MASK, "A 'mask' needs an input image to apply to.");
            }
        }
    }

    private record SizeChoice(Integer width, Integer height, String size, String aspectRatio) {

        static SizeChoice of(Dimensions dimensions, String aspectRatio) {
            return new SizeChoice(dimensions.width(), dimensions.height(), dimensions.toString(), aspectRatio);
        }
    }

    private static SizeChoice chooseSize(ModelSpec model, GenerationParams p) {
        return switch (model.sizeRule()) {
            case FixedSizes fixed -> chooseFixed(model, fixed, p);
            case FreeDimensions free -> chooseFree(model, free, p);
            case AspectRatios ratios -> chooseRatio(model, ratios, p);
        };
    }

    private static SizeChoice chooseFixed(ModelSpec model, FixedSizes rule, GenerationParams p) {
        rejectWidthAndHeight(model, p);
        if (p.aspectRatio() != null) {
            Ratio wanted = parseRatio(p.aspectRatio());
            Dimensions best = null;
            double bestDistance = Double.MAX_VALUE;
            for (String size : rule.sizes()) {
                Dimensions candidate = Dimensions.parse(size).orElseThrow();
                double distance = candidate.ratio().distanceTo(wanted);
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            if (best == null || bestDistance > RATIO_TOLERANCE) {
                String available = rule.sizes().stream()
                        .map(s -> Dimensions.parse(s).orElseThrow().ratio() + " (" + s + ")")
                        .collect(Collectors.joining(", "));
                throw new InvalidRequestException(ASPECT_RATIO, INVALID_SIZE, "Aspect ratio '" + p.aspectRatio()
                        + "' is not available for model '" + model.id() + "'. Available aspect ratios: " + available);
            }
            return SizeChoice.of(best, wanted.reduced().toString());
        }
        String size = p.size();
        if (size == null) {
            return SizeChoice.of(Dimensions.parse(rule.defaultSize()).orElseThrow(), null);
        }
        if (FixedSizes.AUTO.equals(size)) {
            if (rule.allowsAuto()) {
                return new SizeChoice(null, null, FixedSizes.AUTO, null);
            }
            throw invalidFixedSize(size, rule);
        }
        Optional<Dimensions> parsed = Dimensions.parse(size);
        if (parsed.isEmpty() || !rule.sizes().contains(parsed.get().toString())) {
            throw invalidFixedSize(size, rule);
        }
        return SizeChoice.of(parsed.get(), null);
    }

    private static InvalidRequestException invalidFixedSize(String size, FixedSizes rule) {
        return new InvalidRequestException(SIZE, INVALID_SIZE,
                "Invalid image size '" + size + "'. Allowed sizes: " + String.join(", ", rule.advertisedSizes()));
    }

    private static SizeChoice chooseFree(ModelSpec model, FreeDimensions rule, GenerationParams p) {
        if (p.aspectRatio() != null) {
            Ratio wanted = parseRatio(p.aspectRatio());
            Dimensions dimensions = rule.dimensionsFor(wanted);
            // Clamping to the bounds distorts extreme ratios; refuse rather than draw the wrong shape.
            if (dimensions.ratio().distanceTo(wanted) > RATIO_TOLERANCE) {
                throw new InvalidRequestException(ASPECT_RATIO, INVALID_SIZE, "Aspect ratio '" + p.aspectRatio()
                        + "' is out of range for model '" + model.id() + "': each side must be " + rule.describeSide());
            }
            return SizeChoice.of(dimensions, wanted.reduced().toString());
        }
        if (p.width() != null || p.height() != null) {
            int width = p.width() != null ? checkSide(WIDTH, p.width(), rule) : rule.defaultWidth();
            int height = p.height() != null ? checkSide(HEIGHT, p.height(), rule) : rule.defaultHeight();
            return SizeChoice.of(new Dimensions(width, height), null);
        }
        if (p.size() == null) {
            return SizeChoice.of(rule.defaultDimensions(), null);
        }
        Optional<Dimensions> parsed = Dimensions.parse(p.size());
        if (parsed.isEmpty() || !rule.allows(parsed.get())) {
            throw new InvalidRequestException(SIZE, INVALID_SIZE, "Invalid image size '" + p.size() + "'. Model '"
                    + model.id() + "' takes WxH with each side " + rule.describeSide());
        }
        return SizeChoice.of(parsed.get(), null);
    }

    private static int checkSide(String param, int side, FreeDimensions rule) {
        if (!rule.allowsSide(side)) {
            throw new InvalidRequestException(param, INVALID_SIZE,
                    "Invalid " + param + " " + side + ": must be " + rule.describeSide());
        }
        return side;
    }

    private static SizeChoice chooseRatio(ModelSpec model, AspectRatios rule, GenerationParams p) {
        rejectWidthAndHeight(model, p);
        String allowed = String.join(", ", rule.ratios());
        if (p.aspectRatio() != null) {
            Ratio wanted = parseRatio(p.aspectRatio());
            String ratio = rule.match(wanted).orElseThrow(() -> new InvalidRequestException(ASPECT_RATIO, INVALID_SIZE,
                    "Invalid aspect ratio '" + p.aspectRatio() + "'. Allowed aspect ratios: " + allowed));
            return new SizeChoice(null, null, null, ratio);
        }
        if (p.size() == null) {
            return new SizeChoice(null, null, null, rule.defaultSize());
        }
        Optional<Ratio> fromSize = Dimensions.parse(p.size()).map(Dimensions::ratio).or(() -> Ratio.parse(p.size()));
        String ratio = fromSize.flatMap(rule::match).orElseThrow(() -> new InvalidRequestException(SIZE, INVALID_SIZE,
                "Invalid image size '" + p.size() + "'. Model '" + model.id()
                        + "' takes an aspect_ratio, or a size with one of its ratios: " + allowed));
        return new SizeChoice(null, null, null, ratio);
    }

    private static void rejectWidthAndHeight(ModelSpec model, GenerationParams p) {
        if (p.width() != null) {
            throw InvalidRequestException.unsupported(WIDTH, model.id());
        }
        if (p.height() != null) {
            throw InvalidRequestException.unsupported(HEIGHT, model.id());
        }
    }

    private static Ratio parseRatio(String text) {
        return Ratio.parse(text).orElseThrow(() -> new InvalidRequestException(ASPECT_RATIO, INVALID_SIZE,
                "Invalid aspect ratio '" + text + "'. Expected W:H, e.g. 16:9"));
    }

    private static String checkImageSize(ModelSpec model, String imageSize) {
        if (imageSize == null) {
            return model.sizeRule() instanceof AspectRatios ratios ? ratios.defaultImageSize() : null;
        }
        requireSupported(model, IMAGE_SIZE);
        AspectRatios rule = (AspectRatios) model.sizeRule(); // the catalog guarantees it
        return rule.matchImageSize(imageSize).orElseThrow(() -> InvalidRequestException.invalidValue(IMAGE_SIZE,
                invalidChoice(IMAGE_SIZE, imageSize, model, rule.imageSizes())));
    }

    private static String enumerated(ModelSpec model, String param, String value) {
        if (value == null) {
            return null;
        }
        requireSupported(model, param);
        List<String> allowed = model.allowedValues(param);
        if (!allowed.contains(value)) {
            throw InvalidRequestException.invalidValue(param, invalidChoice(param, value, model, allowed));
        }
        return value;
    }

    private static String invalidChoice(String param, String value, ModelSpec model, List<String> allowed) {
        return "Invalid " + param + " '" + value + "' for model '" + model.id() + "'. Allowed values: "
                + String.join(", ", allowed);
    }

    private static void checkResponseFormat(String responseFormat) {
        if (responseFormat != null && !ParamNames.RESPONSE_FORMATS.contains(responseFormat)) {
            throw InvalidRequestException.invalidValue(RESPONSE_FORMAT, "Invalid response_format '" + responseFormat
                    + "'. Allowed values: " + String.join(", ", ParamNames.RESPONSE_FORMATS));
        }
    }

    private static String checkOutputFormat(ModelSpec model, String outputFormat) {
        if (outputFormat == null) {
            List<String> allowed = model.allowedValues(OUTPUT_FORMAT);
            return allowed.isEmpty() || allowed.contains(DEFAULT_OUTPUT_FORMAT) ? DEFAULT_OUTPUT_FORMAT : allowed.get(0);
        }
        // "jpg" is what file names say; upstreams want "jpeg".
        return enumerated(model, OUTPUT_FORMAT, "jpg".equals(outputFormat) ? "jpeg" : outputFormat);
    }

    private static Integer checkOutputCompression(ModelSpec model, Integer compression, String outputFormat) {
        if (compression == null) {
            return null;
        }
        checkRange(model, OUTPUT_COMPRESSION, compression, MIN_COMPRESSION, MAX_COMPRESSION);
        if (!"jpeg".equals(outputFormat) && !"webp".equals(outputFormat)) {
            throw InvalidRequestException.invalidValue(OUTPUT_COMPRESSION,
                    "Parameter 'output_compression' needs output_format jpeg or webp; the output format is "
                            + outputFormat + ".");
        }
        return compression;
    }

    private static String checkNegativePrompt(ModelSpec model, String negativePrompt) {
        if (negativePrompt == null) {
            return null;
        }
        requireSupported(model, NEGATIVE_PROMPT);
        int length = negativePrompt.codePointCount(0, negativePrompt.length());
        if (length > model.maxPromptLength()) {
            throw new InvalidRequestException(NEGATIVE_PROMPT, PROMPT_TOO_LONG, "Negative prompt is too long: "
                    + length + " characters; model '" + model.id() + "' allows at most " + model.maxPromptLength() + ".");
        }
        // Automatic1111 clients send "" for "none"; storing null keeps the task row honest.
        return negativePrompt.isBlank() ? null : negativePrompt;
    }

    private static Long checkSeed(ModelSpec model, Long seed) {
        if (seed == null) {
            return null;
        }
        requireSupported(model, SEED);
        if (seed == RANDOM_SEED) {
            return null;
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw InvalidRequestException.invalidValue(SEED,
                    "Invalid seed " + seed + ": must be between 0 and " + MAX_SEED + ", or -1 for random.");
        }
        return seed;
    }

    private static Integer checkRange(ModelSpec model, String param, Integer value, int min, int max) {
        if (value == null) {
            return null;
        }
        requireSupported(model, param);
        if (value < min || value > max) {
            throw InvalidRequestException.invalidValue(param,
                    "Invalid " + param + " " + value + ": must be between " + min + " and " + max + ".");
        }
        return value;
    }

    private static Double checkRange(ModelSpec model, String param, Double value, double min, double max) {
        if (value == null) {
            return null;
        }
        requireSupported(model, param);
        if (value.isNaN() || value < min || value > max) {
            throw InvalidRequestException.invalidValue(param, "Invalid " + param + " " + value + ": must be between "
                    + format(min) + " and " + format(max) + ".");
        }
        return value;
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static void requireSupported(ModelSpec model, String param) {
        if (!model.supports(param)) {
            throw InvalidRequestException.unsupported(param, model.id());
        }
    }
}
