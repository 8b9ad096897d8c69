package io.imagequeue.worker.providers;

import java.util.Base64;

/** Reads image bytes that providers hand back as base64 and tells their type from their first bytes. */
public final class ImageBytes {

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String WEBP = "image/webp";

    private ImageBytes() {
    }

    /**
     * Decodes bare base64 or a {@code data:image/...;base64,} URI. A body that is not base64 is a
     * broken answer, which a new attempt may not repeat.
     */
    public static byte[] decodeBase64(String provider, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, provider + " answered with an empty image");
        }
        int comma = encoded.startsWith("data:") ? encoded.indexOf(',') : -1;
        try {
            return Base64.getMimeDecoder().decode(comma < 0 ? encoded : encoded.substring(comma + 1));
        } catch (IllegalArgumentException notBase64) {
            throw ProviderFailure.retry(FailureCodes.BAD_RESPONSE, provider + " answered with an image that is not base64");
        }
    }

    /** {@code data:<type>;base64,<bytes>}: how Gemini-style and DashScope bodies carry inline input images. */
    public static String dataUri(byte[] bytes) {
        return "data:" + contentType(bytes, PNG) + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** The image type the bytes start with, or the fallback when they match no known signature. */
    public static String contentType(byte[] bytes, String fallback) {
        String sniffed = sniff(bytes);
        return sniffed != null ? sniffed : fallback;
    }

    /** Whether the bytes start like a PNG, JPEG or WebP file. */
    public static boolean looksLikeImage(byte[] bytes) {
        return sniff(bytes) != null;
    }

    /** The file extension matching the bytes' type, for multipart file names. */
    public static String extension(byte[] bytes) {
        return switch (contentType(bytes, PNG)) {
            case JPEG -> "jpg";
            case WEBP -> "webp";
            default -> "png";
        };
    }

    private static String sniff(byte[] bytes) {
        if (bytes == null || bytes.length < 12) {
            return null;
        }
        if ((bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return PNG;
        }
        if ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
            return WEBP;
        }
        return null;
    }
}
