package io.imagequeue.api.inputs;

import io.imagequeue.api.media.ImageType;

/** An input image whose format and header dimensions were checked; the pixels were never decoded. */
public record InspectedImage(ImageType type, int width, int height, byte[] bytes) {
}
