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
     * Reads a JSON string field holding an image: a URL when it starts with a scheme other than
     * {@code data:} (base64 never contains a colon), else base64, bare or as a {@code data:} URL.
     * Only {@code http} and {@code https} URLs are ever fetched; other schemes are refused there.
     */
    static ImageSource fromText(String text, String param, boolean urlsAllowed) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        boolean isUrl = colon > 0 && colon <= 32 && trimmed.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
                && !trimmed.regionMatches(true, 0, "data:", 0, 5);
        if (isUrl) {
            if (!urlsAllowed) {
                throw InputImageException.invalid(param, "invalid_image",
                        "'" + param + "' takes base64 image data here, not a URL.");
            }
            return new Link(trimmed, param);
        }
        return new Encoded(trimmed, param);
    }
}
