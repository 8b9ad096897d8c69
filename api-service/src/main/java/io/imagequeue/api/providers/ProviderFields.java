package io.imagequeue.api.providers;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.inputs.ImageSource;

/** Small readers the provider routes share. */
final class ProviderFields {

    private ProviderFields() {
    }

    static Integer orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    static Double orDefault(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** A field that must hold base64 image data (bare or a data URL). */
    static ImageSource base64Image(String text, String param) {
        requireNotBlank(text, param);
        return ImageSource.fromText(text, param, false);
    }

    /** A field that holds an https URL or base64 image data. */
    static ImageSource urlOrBase64Image(String text, String param) {
        requireNotBlank(text, param);
        return ImageSource.fromText(text, param, true);
    }

    static void requireNotBlank(String text, String param) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalid(param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
        }
    }
}
