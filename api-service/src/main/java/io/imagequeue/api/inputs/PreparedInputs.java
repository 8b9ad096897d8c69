package io.imagequeue.api.inputs;

import java.util.ArrayList;
import java.util.List;

/** The stored input images of one request: their object keys, in request order, and the mask's. */
public record PreparedInputs(List<String> imageKeys, String maskKey) {

    public static final PreparedInputs NONE = new PreparedInputs(List.of(), null);

    public PreparedInputs {
        imageKeys = List.copyOf(imageKeys);
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
