package io.imagequeue.model.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An aspect ratio written {@code W:H} on the wire, such as {@code 16:9}.
 *
 * @param width the horizontal term, positive
 * @param height the vertical term, positive
 */
public record Ratio(int width, int height) {

    private static final Pattern RATIO = Pattern.compile("\\s*(\\d{1,5})\\s*:\\s*(\\d{1,5})\\s*");

    public Ratio {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("ratio terms must be positive, were " + width + ":" + height);
        }
    }

    /** Parses {@code W:H}; empty when the text is not a ratio of two positive integers. */
    public static Optional<Ratio> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = RATIO.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        return w > 0 && h > 0 ? Optional.of(new Ratio(w, h)) : Optional.empty();
    }

    /** The same ratio in lowest terms, so that {@code 32:18} compares equal to {@code 16:9}. */
    public Ratio reduced() {
        int g = gcd(width, height);
        return new Ratio(width / g, height / g);
    }

    /** Width divided by height. */
    public double value() {
        return (double) width / height;
    }

    /**
     * How far apart two ratios are, as a factor of at least 1 (1.0 = identical, 1.2 = one is 20%
     * wider); symmetric, so a portrait and a landscape request are judged alike.
     */
    public double distanceTo(Ratio other) {
        double a = value();
        double b = other.value();
        return a > b ? a / b : b / a;
    }

    @Override
    public String toString() {
        return width + ":" + height;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
