package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A size rule for models that take an aspect ratio and a resolution tier rather than pixels
 * (Gemini).
 *
 * @param ratios the allowed ratios as the provider spells them ({@code 16:9}, {@code 21:9}, which is
 *     not in lowest terms); the first is the default
 * @param imageSizes the allowed resolution tiers ({@code 1K}, {@code 2K}, {@code 4K}); the first
 *     is the default
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AspectRatios(
        @JsonProperty(required = true) List<String> ratios,
        @JsonProperty(required = true) List<String> imageSizes)
        implements SizeRule {

    public AspectRatios {
        if (ratios == null || ratios.isEmpty()) {
            throw new IllegalArgumentException("an aspect-ratio rule needs at least one ratio");
        }
        if (imageSizes == null || imageSizes.isEmpty()) {
            throw new IllegalArgumentException("an aspect-ratio rule needs at least one image size");
        }
        ratios = List.copyOf(ratios);
        imageSizes = List.copyOf(imageSizes);
        var seen = new HashSet<Ratio>();
        for (String ratio : ratios) {
            var parsed = Ratio.parse(ratio);
            if (parsed.isEmpty() || !parsed.get().toString().equals(ratio)) {
                throw new IllegalArgumentException("aspect ratio '" + ratio + "' is not in W:H form");
            }
            if (!seen.add(parsed.get().reduced())) {
                throw new IllegalArgumentException("aspect ratio '" + ratio + "' repeats another listed ratio");
            }
        }
        for (String imageSize : imageSizes) {
            if (imageSize == null || imageSize.isBlank() || imageSize.contains("/") || imageSize.equals("*")) {
                throw new IllegalArgumentException("image size '" + imageSize + "' is not a valid tier name");
            }
        }
    }

    /** The listed ratio with the same value as the given one, spelled as listed ({@code 7:3} finds {@code 21:9}). */
    public Optional<String> match(Ratio ratio) {
        Ratio reduced = ratio.reduced();
        return ratios.stream().filter(r -> Ratio.parse(r).orElseThrow().reduced().equals(reduced)).findFirst();
    }

    /** The listed tier equal to the given name ignoring case ({@code 2k} finds {@code 2K}), if any. */
    public Optional<String> matchImageSize(String imageSize) {
        return imageSizes.stream().filter(s -> s.equalsIgnoreCase(imageSize)).findFirst();
    }

    /** The first ratio. */
    @Override
    public String defaultSize() {
        return ratios.get(0);
    }

    /** The first tier. */
    public String defaultImageSize() {
        return imageSizes.get(0);
    }

    /** Prices vary by resolution tier, not by ratio. */
    @Override
    public List<String> priceSizes() {
        return imageSizes;
    }
}
