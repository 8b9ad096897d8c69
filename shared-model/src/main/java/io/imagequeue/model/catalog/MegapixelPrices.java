package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * Prices by output resolution, as Black Forest Labs charges FLUX.2: one price for the first
 * megapixel and one for each further megapixel, the image's pixel count rounded up to whole
 * megapixels of 1024x1024 pixels (so 1024x1024 is one, 1920x1080 two, 2048x2048 four).
 *
 * @param first      US dollars for the first megapixel
 * @param additional US dollars for each further megapixel
 */
public record MegapixelPrices(@JsonProperty(required = true) BigDecimal first,
                              @JsonProperty(required = true) BigDecimal additional) {

    /** Pixels in one billed megapixel. */
    public static final long PIXELS_PER_MEGAPIXEL = 1024L * 1024L;

    public MegapixelPrices {
        if (first == null || first.signum() < 0 || additional == null || additional.signum() < 0) {
            throw new IllegalArgumentException("megapixel prices must be zero or more, were " + first + " and " + additional);
        }
    }

    /** Whole megapixels an image is billed for: at least one, any part of a further one counting as one. */
    public static long megapixels(Dimensions size) {
        long pixels = (long) size.width() * size.height();
        return Math.max(1, (pixels + PIXELS_PER_MEGAPIXEL - 1) / PIXELS_PER_MEGAPIXEL);
    }

    /** The price of one image of the given size. */
    public BigDecimal priceFor(Dimensions size) {
        return first.add(additional.multiply(BigDecimal.valueOf(megapixels(size) - 1)));
    }
}
