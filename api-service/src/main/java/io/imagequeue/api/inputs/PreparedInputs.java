package io.imagequeue.api.inputs;

import io.imagequeue.model.catalog.Dimensions;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored input images of one request: their object keys and dimensions, in request order (the
 * dimensions price models that charge input megapixels), and the mask's key.
 */
public record PreparedInputs(List<String> imageKeys, List<Dimensions> imageSizes, String maskKey) {

    public static final PreparedInputs NONE = new PreparedInputs(List.of(), List.of(), null);

    public PreparedInputs {
        imageKeys = List.copyOf(imageKeys);
        imageSizes = List.copyOf(imageSizes);
        if (imageKeys.size() != imageSizes.size()) {
            throw new IllegalArgumentException(imageKeys.size() + " input keys but " + imageSizes.size() + " sizes");
        }
    }

    /** Every key, the mask's included: what to delete if no task takes them. */
    public List<String> allKeys() {
        List<String> all = new ArrayList<>(imageKeys);
        if (maskKey != null) {
            all.add(maskKey);
        }
        return all;
    }
}
