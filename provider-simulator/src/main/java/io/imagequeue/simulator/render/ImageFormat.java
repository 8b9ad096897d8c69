package io.imagequeue.simulator.render;

import java.util.Locale;
import java.util.Optional;

/**
 * Output encodings. ImageIO in the JDK cannot write WebP, so {@link #WEBP} is produced by the simulator's own
 * minimal lossless encoder ({@link WebpLosslessEncoder}).
 */
public enum ImageFormat {
    PNG("png", "image/png"),
    JPEG("jpeg", "image/jpeg"),
    WEBP("webp", "image/webp");

    private final String extension;
    private final String mimeType;

    ImageFormat(String extension, String mimeType) {
        this.extension = extension;
        this.mimeType = mimeType;
    }

    public String extension() {
        return extension;
    }

    public String mimeType() {
        return mimeType;
    }

    /** Accepts {@code png}, {@code jpeg}, {@code jpg}, {@code webp} and MIME types such as {@code image/png}. */
    public static Optional<ImageFormat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("image/")) {
            value = value.substring("image/".length());
        }
        return switch (value) {
            case "png" -> Optional.of(PNG);
            case "jpeg", "jpg" -> Optional.of(JPEG);
            case "webp" -> Optional.of(WEBP);
            default -> Optional.empty();
        };
    }
}
