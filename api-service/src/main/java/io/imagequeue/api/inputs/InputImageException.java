package io.imagequeue.api.inputs;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.model.error.ErrorType;

/** The refusals of input images, each naming the request field that carried the image. */
final class InputImageException {

    private InputImageException() {
    }

    static ApiException invalid(String param, String code, String message) {
        return new ApiException(ErrorType.INVALID_REQUEST, code, param, message);
    }

    static ApiException tooLarge(String param, String message) {
        return new ApiException(ErrorType.PAYLOAD_TOO_LARGE, "image_too_large", param, message);
    }

    static ApiException unsupportedFormat(String param, String message) {
        return new ApiException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "unsupported_image_format", param, message);
    }

    static ApiException refusedUrl(String param, String message) {
        return new ApiException(ErrorType.INVALID_REQUEST, "invalid_image_url", param, message);
    }
}
