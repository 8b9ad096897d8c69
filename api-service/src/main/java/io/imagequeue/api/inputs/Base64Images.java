package io.imagequeue.api.inputs;

import java.util.Base64;
import java.util.Locale;

/** Decodes an image sent as text: bare base64, or a {@code data:<type>;base64,<data>} URL. */
final class Base64Images {

    private Base64Images() {
    }

    /**
     * @param maxBytes refuses text whose decoded size would exceed this before decoding it
     */
    static byte[] decode(String text, String param, long maxBytes) {
        String payload = text;
        if (text.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = text.indexOf(',');
            if (comma < 0 || !text.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
                throw InputImageException.invalid(param, "invalid_image",
                        "'" + param + "' must be a base64 data URL (data:image/png;base64,...).");
            }
            payload = text.substring(comma + 1);
        }
        if ((long) payload.length() / 4 * 3 > maxBytes + 3) {
            throw InputImageException.tooLarge(param, "The image in '" + param + "' is larger than "
                    + maxBytes + " bytes.");
        }
        try {
            // Line breaks are common in pasted base64; anything else outside the alphabet is an error.
            return Base64.getDecoder().decode(payload.replaceAll("[\\r\\n\\t ]", ""));
        } catch (IllegalArgumentException e) {
            throw InputImageException.invalid(param, "invalid_image", "'" + param + "' is not valid base64.");
        }
    }
}
