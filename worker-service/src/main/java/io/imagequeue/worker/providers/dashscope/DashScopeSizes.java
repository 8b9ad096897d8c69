package io.imagequeue.worker.providers.dashscope;

import io.imagequeue.model.catalog.Dimensions;
import io.imagequeue.worker.images.NativeSizes;
import java.util.List;

/**
 * DashScope's {@code size} strings ({@code W*H}) and which models take which. qwen-image, -plus and
 * -max accept only five fixed sizes, one per aspect ratio; the editing models follow their input.
 */
final class DashScopeSizes {

    /** The current documented sizes of the fixed-size models, 16:9 to 9:16. */
    static final List<Dimensions> QWEN_IMAGE_SIZES = List.of(
            new Dimensions(1664, 928), new Dimensions(1472, 1104), new Dimensions(1328, 1328),
            new Dimensions(1104, 1472), new Dimensions(928, 1664));

    /** What the contract defaults a qwen request to. */
    private static final Dimensions DEFAULT_REQUEST = new Dimensions(1024, 1024);

    private DashScopeSizes() {
    }

    /** qwen-image, -plus, -max: fixed sizes and {@code n = 1}. Editing and 2.0 models are not. */
    static boolean hasFixedSizes(String model) {
        return model.startsWith("qwen-image") && !model.contains("edit") && !model.startsWith("qwen-image-2");
    }

    /** Plain qwen-image-edit takes neither {@code size} nor {@code n}; its output follows the input image. */
    static boolean followsInput(String model) {
        return model.equals("qwen-image-edit");
    }

    /** The most images one call of the model makes. */
    static int imagesPerCall(String model) {
        return hasFixedSizes(model) || followsInput(model) ? 1 : 6;
    }

    /**
     * The size to send for a requested width and height: for fixed-size models the native size with
     * the nearest aspect ratio at or above the request (the worker resizes the result to the request,
     * see {@code RequestedSize}), else the request's own size.
     */
    static String wireSize(String model, Integer width, Integer height) {
        if (hasFixedSizes(model)) {
            return format(nearestFixed(width, height));
        }
        return width == null || height == null ? null : width + "*" + height;
    }

    /** The native size to ask for: the nearest aspect ratio at or above the request (1024x1024 by default). */
    static Dimensions nearestFixed(Integer width, Integer height) {
        Dimensions wanted = width == null || height == null ? DEFAULT_REQUEST : new Dimensions(width, height);
        return NativeSizes.nearestAtOrAbove(QWEN_IMAGE_SIZES, wanted);
    }

    private static String format(Dimensions dimensions) {
        return dimensions.width() + "*" + dimensions.height();
    }
}
