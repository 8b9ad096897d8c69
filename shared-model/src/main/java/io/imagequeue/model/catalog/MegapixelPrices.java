package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * Prices by resolution, as Black Forest Labs charges FLUX.2: one price for the first output
 * megapixel and one for each further megapixel, output and input images alike; each image's pixel
 * count is rounded up to whole megapixels of 1024x1024 pixels (so 1024x1024 is one, 1920x1080 two,
 * 2048x2048 four). An edit of a 1024x1024 image into a 1024x1024 one is first + additional.
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

    /** The price of one image of the given size, made from text alone. */
    public BigDecimal priceFor(Dimensions size) {
        return priceFor(size, List.of());
    }

    /** The price of one output image of the given size made with these input images. */
    public BigDecimal priceFor(Dimensions size, List<Dimensions> inputs) {
        long further = megapixels(size) - 1;
        for (Dimensions input : inputs) {
            further += megapixels(input);
        }
        return first.add(additional.multiply(BigDecimal.valueOf(further)));
    }
}
