package io.imagequeue.api.media;

import java.util.Optional;

/** The image formats the service accepts as input and can hand out: PNG, JPEG and WebP. */
public enum ImageType {
    PNG("png", "image/png", "png"),
    JPEG("jpeg", "image/jpeg", "jpg"),
    WEBP("webp", "image/webp", "webp");

    private final String wire;
    private final String contentType;
    private final String extension;

    ImageType(String wire, String contentType, String extension) {
        this.wire = wire;
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The {@code output_format} spelling: {@code png}, {@code jpeg}, {@code webp}. */
    public String wire() {
        return wire;
    }

    public String contentType() {
        return contentType;
    }

    /** The file extension used in object keys, without the dot. */
    public String extension() {
        return extension;
    }

    /** The type of an {@code output_format} value ({@code jpg} counts as {@code jpeg}). */
    public static Optional<ImageType> fromWire(String outputFormat) {
        if ("jpg".equals(outputFormat)) {
            return Optional.of(JPEG);
        }
        for (ImageType type : values()) {
            if (type.wire.equals(outputFormat)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type of a stored object's content type, if it is one of ours. */
    public static Optional<ImageType> fromContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";", 2)[0].trim();
        for (ImageType type : values()) {
            if (type.contentType.equalsIgnoreCase(bare)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
