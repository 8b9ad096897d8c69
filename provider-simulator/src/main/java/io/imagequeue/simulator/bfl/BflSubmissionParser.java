package io.imagequeue.simulator.bfl;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.render.ImageFormat;
import io.imagequeue.simulator.render.ImageProbe;
import io.imagequeue.simulator.render.Sizes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Validates a BFL submit body the way the real FastAPI service does (pydantic v2 lax mode: numeric strings are
 * accepted as integers, unknown fields are ignored) and applies BFL's sizing rules per model family.
 */
final class BflSubmissionParser {

    private static final long FOUR_MEGAPIXELS = 4L * 1024 * 1024;
    private static final long ONE_MEGAPIXEL = 1024L * 1024;
    private static final double WIDEST = 21.0 / 9.0;
    private static final double TALLEST = 9.0 / 21.0;

    /** Either a submission or the 422 errors. */
    record Result(BflSubmission submission, FastApiErrors errors) {
    }

    private final LongSupplier randomSeed;

    BflSubmissionParser(LongSupplier randomSeed) {
        this.randomSeed = randomSeed;
    }

    Result parse(String endpoint, JsonNode body) {
        BflModelFamily family = BflModelFamily.of(endpoint);
        FastApiErrors errors = new FastApiErrors();
        if (body == null || !body.isObject()) {
            errors.add("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", body, null);
            return new Result(null, errors);
        }
        boolean promptRequired = family == BflModelFamily.KONTEXT || family == BflModelFamily.FLUX2;
        String prompt = string(body, "prompt", promptRequired, errors);
        Long seed = integer(body, "seed", errors);
        String format = string(body, "output_format", false, errors);
        Long safety = integer(body, "safety_tolerance", errors);
        string(body, "webhook_url", false, errors);
        string(body, "webhook_secret", false, errors);
        bool(body, "prompt_upsampling", errors);
        number(body, "guidance", errors);
        integer(body, "steps", errors);

        ImageFormat imageFormat = null;
        if (format == null) {
            imageFormat = ImageFormat.parse(family.defaultOutputFormat()).orElseThrow();
        } else if (format.equals("jpeg") || format.equals("png") || format.equals("webp")) {
            imageFormat = ImageFormat.parse(format).orElseThrow();
        } else {
            errors.field("enum", "output_format", "Input should be 'jpeg', 'png' or 'webp'", format,
                    Map.of("expected", "'jpeg', 'png' or 'webp'"));
        }
        if (safety != null) {
            range(errors, "safety_tolerance", safety, 0, family.maxSafetyTolerance);
        }

        int[] size = size(family, body, errors);
        if (family == BflModelFamily.FILL && !body.hasNonNull("image")) {
            errors.field("missing", "image", "Field required", body, null);
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        long usedSeed = seed != null ? seed : randomSeed.getAsLong();
        return new Result(new BflSubmission(endpoint, prompt == null ? "" : prompt, size[0], size[1], usedSeed,
                imageFormat, textOrNull(body, "webhook_url"), textOrNull(body, "webhook_secret")), null);
    }

    private int[] size(BflModelFamily family, JsonNode body, FastApiErrors errors) {
        Optional<ImageProbe.Dimensions> input = ImageProbe.dimensionsOfBase64(textOrNull(body, "input_image"))
                .or(() -> ImageProbe.dimensionsOfBase64(textOrNull(body, "image")));
        return switch (family) {
            case CLASSIC -> classicSize(body, errors);
            case FLUX2 -> flux2Size(body, errors, input);
            case ULTRA -> ratioSize(body, errors, "16:9", input.isEmpty() ? null : input.get(), FOUR_MEGAPIXELS, false);
            case KONTEXT -> ratioSize(body, errors, "1:1", input.orElse(null), ONE_MEGAPIXEL, true);
            case FILL -> input.map(d -> new int[]{d.width(), d.height()}).orElse(new int[]{1024, 1024});
        };
    }

    private int[] classicSize(JsonNode body, FastApiErrors errors) {
        Long width = integer(body, "width", errors);
        Long height = integer(body, "height", errors);
        int w = width == null ? 1024 : width.intValue();
        int h = height == null ? 768 : height.intValue();
        boolean ok = checkSide(errors, "width", w, BflModelFamily.CLASSIC);
        ok &= checkSide(errors, "height", h, BflModelFamily.CLASSIC);
        return ok ? new int[]{w, h} : new int[]{1, 1};
    }

    private int[] flux2Size(JsonNode body, FastApiErrors errors, Optional<ImageProbe.Dimensions> input) {
        Long width = integer(body, "width", errors);
        Long height = integer(body, "height", errors);
        int w = width == null ? 0 : width.intValue();
        int h = height == null ? 0 : height.intValue();
        int pickedWidth = input.map(d -> Sizes.roundTo(d.width(), 16)).orElse(1024);
        int pickedHeight = input.map(d -> Sizes.roundTo(d.height(), 16)).orElse(1024);
        boolean ok = true;
        if (w != 0) {
            ok &= checkSide(errors, "width", w, BflModelFamily.FLUX2);
        }
        if (h != 0) {
            ok &= checkSide(errors, "height", h, BflModelFamily.FLUX2);
        }
        if (!ok) {
            return new int[]{1, 1};
        }
        w = w == 0 ? pickedWidth : w;
        h = h == 0 ? pickedHeight : h;
        if ((long) w * h > FOUR_MEGAPIXELS) {
            // BFL resizes oversized FLUX.2 requests instead of rejecting them.
            double scale = Math.sqrt((double) FOUR_MEGAPIXELS / ((long) w * h));
            w = Math.max(16, (int) Math.floor(w * scale / 16) * 16);
            h = Math.max(16, (int) Math.floor(h * scale / 16) * 16);
        }
        return new int[]{w, h};
    }

    private int[] ratioSize(JsonNode body, FastApiErrors errors, String defaultRatio,
                            ImageProbe.Dimensions input, long pixels, boolean followInput) {
        String text = string(body, "aspect_ratio", false, errors);
        double ratio;
        if (text == null) {
            ratio = followInput && input != null ? (double) input.width() / input.height()
                    : Sizes.parseRatio(defaultRatio, ':').orElseThrow().value();
            ratio = Math.max(TALLEST, Math.min(WIDEST, ratio));
        } else {
            Optional<Sizes.Ratio> parsed = Sizes.parseRatio(text, ':');
            if (parsed.isEmpty()) {
                errors.field("value_error", "aspect_ratio", "Value error, Aspect ratio must be in the format 'W:H'",
                        text, null);
                return new int[]{1, 1};
            }
            ratio = parsed.get().value();
            if (ratio > WIDEST + 1e-9 || ratio < TALLEST - 1e-9) {
                errors.field("value_error", "aspect_ratio",
                        "Value error, Aspect ratio must be between 21:9 and 9:21", text, null);
                return new int[]{1, 1};
            }
        }
        ImageProbe.Dimensions dims = Sizes.forRatio(ratio, pixels, 32);
        return new int[]{dims.width(), dims.height()};
    }

    private static boolean checkSide(FastApiErrors errors, String field, int value, BflModelFamily family) {
        if (value < family.minSide) {
            errors.field("greater_than_equal", field, "Input should be greater than or equal to " + family.minSide,
                    value, Map.of("ge", family.minSide));
            return false;
        }
        if (family.maxSide > 0 && value > family.maxSide) {
            errors.field("less_than_equal", field, "Input should be less than or equal to " + family.maxSide,
                    value, Map.of("le", family.maxSide));
            return false;
        }
        if (value % family.multiple != 0) {
            errors.field("multiple_of", field, "Input should be a multiple of " + family.multiple, value,
                    Map.of("multiple_of", family.multiple));
            return false;
        }
        return true;
    }

    private static void range(FastApiErrors errors, String field, long value, int min, int max) {
        if (value < min) {
            errors.field("greater_than_equal", field, "Input should be greater than or equal to " + min, value,
                    Map.of("ge", min));
        } else if (value > max) {
            errors.field("less_than_equal", field, "Input should be less than or equal to " + max, value,
                    Map.of("le", max));
        }
    }

    private static String string(JsonNode body, String field, boolean required, FastApiErrors errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.field("missing", field, "Field required", Json.MAPPER.convertValue(body, Object.class), null);
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.field("string_type", field, "Input should be a valid string", toPlain(node), null);
            return null;
        }
        return node.asText();
    }

    private static Long integer(JsonNode body, String field, FastApiErrors errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isFloatingPointNumber()) {
            if (node.asDouble() == Math.rint(node.asDouble())) {
                return (long) node.asDouble();
            }
            errors.field("int_from_float", field, "Input should be a valid integer, got a number with a fractional part",
                    node.asDouble(), null);
            return null;
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                errors.field("int_parsing", field, "Input should be a valid integer, unable to parse string as an integer",
                        node.asText(), null);
                return null;
            }
        }
        errors.field("int_type", field, "Input should be a valid integer", toPlain(node), null);
        return null;
    }

    private static void number(JsonNode body, String field, FastApiErrors errors) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !node.isNumber()) {
            errors.field("float_type", field, "Input should be a valid number", toPlain(node), null);
        }
    }

    private static void bool(JsonNode body, String field, FastApiErrors errors) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !node.isBoolean()) {
            errors.field("bool_type", field, "Input should be a valid boolean", toPlain(node), null);
        }
    }

    private static String textOrNull(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || !node.isTextual() ? null : node.asText();
    }

    private static Object toPlain(JsonNode node) {
        return Json.MAPPER.convertValue(node, Object.class);
    }
}
