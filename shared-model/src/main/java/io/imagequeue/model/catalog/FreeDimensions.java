package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A size rule that allows any width and height within bounds and on a grid.
 *
 * @param min the smallest allowed side in pixels
 * @param max the largest allowed side in pixels
 * @param multipleOf each side must be a multiple of this (1 = any integer)
 * @param defaultWidth the width used when the request names no size; within the rule
 * @param defaultHeight the height used when the request names no size; within the rule. Its
 *     product with {@code defaultWidth} is also the pixel budget for sizes derived from an
 *     {@code aspect_ratio}, so an SD 1.5 checkpoint (512x512) is not pushed to a megapixel.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FreeDimensions(
        @JsonProperty(required = true) int min,
        @JsonProperty(required = true) int max,
        @JsonProperty(required = true) int multipleOf,
        @JsonProperty(required = true) int defaultWidth,
        @JsonProperty(required = true) int defaultHeight)
        implements SizeRule {

    public FreeDimensions {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("free dimensions need 1 <= min <= max, were min " + min + ", max " + max);
        }
        if (multipleOf < 1) {
            throw new IllegalArgumentException("multiple_of must be at least 1, was " + multipleOf);
        }
        if (ceilToGrid(min, multipleOf) > max) {
            throw new IllegalArgumentException("no multiple of " + multipleOf + " lies between " + min + " and " + max);
        }
        if (!allows(defaultWidth, min, max, multipleOf) || !allows(defaultHeight, min, max, multipleOf)) {
            throw new IllegalArgumentException("default size " + defaultWidth + "x" + defaultHeight
                    + " is outside the rule (" + min + ".." + max + ", multiple of " + multipleOf + ")");
        }
    }

    /** A rule whose default is 1024x1024 (a megapixel, the common native size), kept on the grid. */
    public FreeDimensions(int min, int max, int multipleOf) {
        this(min, max, multipleOf, clampToGrid(1024, min, max, multipleOf), clampToGrid(1024, min, max, multipleOf));
    }

    /** Whether one side length satisfies the rule. */
    public boolean allowsSide(int side) {
        return allows(side, min, max, multipleOf);
    }

    /** Whether both sides satisfy the rule. */
    public boolean allows(Dimensions dimensions) {
        return allowsSide(dimensions.width()) && allowsSide(dimensions.height());
    }

    /** The default size as {@link Dimensions}. */
    public Dimensions defaultDimensions() {
        return new Dimensions(defaultWidth, defaultHeight);
    }

    /**
     * The size closest to the default's pixel count with the given ratio, each side rounded to the
     * grid and kept within bounds (so an extreme ratio may come out less extreme than asked).
     */
    public Dimensions dimensionsFor(Ratio ratio) {
        double area = (double) defaultWidth * defaultHeight;
        double w = Math.sqrt(area * ratio.value());
        double h = Math.sqrt(area / ratio.value());
        return new Dimensions(clampToGrid(w, min, max, multipleOf), clampToGrid(h, min, max, multipleOf));
    }

    /** Human-readable rule for error messages, e.g. {@code a multiple of 32 between 64 and 2048}. */
    public String describeSide() {
        return multipleOf == 1
                ? "between " + min + " and " + max
                : "a multiple of " + multipleOf + " between " + min + " and " + max;
    }

    @Override
    public String defaultSize() {
        return defaultDimensions().toString();
    }

    /** Free sizes are priced per image regardless of size, so only {@code *} is meaningful. */
    @Override
    public List<String> priceSizes() {
        return List.of();
    }

    private static boolean allows(int side, int min, int max, int multipleOf) {
        return side >= min && side <= max && side % multipleOf == 0;
    }

    private static int ceilToGrid(int value, int multipleOf) {
        return ((value + multipleOf - 1) / multipleOf) * multipleOf;
    }

    private static int clampToGrid(double value, int min, int max, int multipleOf) {
        int rounded = (int) Math.round(value / multipleOf) * multipleOf;
        int lowest = ceilToGrid(min, multipleOf);
        int highest = (max / multipleOf) * multipleOf;
        return Math.max(lowest, Math.min(highest, rounded));
    }
}
