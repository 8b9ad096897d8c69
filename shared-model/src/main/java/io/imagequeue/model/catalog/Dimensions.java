package io.imagequeue.model.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image size in pixels, written {@code WxH} on the wire.
 *
 * @param width pixels across, positive
 * @param height pixels down, positive
 */
public record Dimensions(int width, int height) {

    // DashScope writes sizes as W*H, and people type an upper-case X: accept all three separators.
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,6})\\s*[xX*]\\s*(\\d{1,6})\\s*");

    public Dimensions {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("dimensions must be positive, were " + width + "x" + height);
        }
    }

    /** Parses {@code WxH}, {@code WXH} or {@code W*H}; empty when the text is not a size. */
    public static Optional<Dimensions> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        return w > 0 && h > 0 ? Optional.of(new Dimensions(w, h)) : Optional.empty();
    }

    /** The reduced width:height ratio, e.g. {@code 16:9} for 1920x1080. */
    public Ratio ratio() {
        return new Ratio(width, height).reduced();
    }

    /** The canonical {@code WxH} spelling. */
    @Override
    public String toString() {
        return width + "x" + height;
    }
}
