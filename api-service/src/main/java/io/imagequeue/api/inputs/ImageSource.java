package io.imagequeue.api.inputs;

/**
 * Where an input image of a request comes from: uploaded bytes (multipart), base64 text (bare or a
 * {@code data:} URL), or an {@code http(s)} URL to fetch.
 *
 * @see InputImages
 */
public sealed interface ImageSource {

    /** The request field that carried the image, named in any error about it. */
    String param();

    record Upload(byte[] bytes, String param) implements ImageSource {
    }

    record Encoded(String text, String param) implements ImageSource {
    }

    record Link(String url, String param) implements ImageSource {
    }

    /**
     * Reads a JSON string field holding an image: a URL when it starts with {@code http://} or
     * {@code https://} and {@code urlsAllowed}, else base64 (bare or {@code data:}).
     */
    static ImageSource fromText(String text, String param, boolean urlsAllowed) {
        String trimmed = text.trim();
        String lower = trimmed.length() > 8 ? trimmed.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : trimmed;
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            if (!urlsAllowed) {
                throw InputImageException.invalid(param, "invalid_image",
                        "'" + param + "' takes base64 image data here, not a URL.");
            }
            return new Link(trimmed, param);
        }
        return new Encoded(trimmed, param);
    }
}
