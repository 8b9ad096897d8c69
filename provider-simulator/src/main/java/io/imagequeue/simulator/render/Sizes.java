package io.imagequeue.simulator.render;

import java.util.Optional;

/** Aspect-ratio arithmetic shared by the protocols that size images by ratio and megapixels. */
public final class Sizes {

    private Sizes() {
    }

    /** A parsed ratio such as 16:9 or 16x9. */
    public record Ratio(int width, int height) {
        public double value() {
            return (double) width / height;
        }
    }

    /** Parses {@code W:H} (or {@code WxH} when {@code separator} is 'x'); empty when malformed or zero. */
    public static Optional<Ratio> parseRatio(String text, char separator) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split(java.util.regex.Pattern.quote(String.valueOf(separator)));
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            int w = Integer.parseInt(parts[0].trim());
            int h = Integer.parseInt(parts[1].trim());
            return w > 0 && h > 0 ? Optional.of(new Ratio(w, h)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Width and height with about {@code pixels} pixels at the ratio, each a multiple of {@code multiple}. */
    public static ImageProbe.Dimensions forRatio(double ratio, long pixels, int multiple) {
        double width = Math.sqrt(pixels * ratio);
        double height = width / ratio;
        return new ImageProbe.Dimensions(roundTo(width, multiple), roundTo(height, multiple));
    }

    public static int roundTo(double value, int multiple) {
        return (int) Math.max(multiple, Math.round(value / multiple) * multiple);
    }
}
