package io.imagequeue.simulator.dashscope;

import java.util.List;
import java.util.Optional;

/**
 * DashScope size strings ({@code 1328*1328}, with {@code *} not {@code x}) and which models take which. Both the
 * current and the older fixed-size sets are accepted for qwen-image / -plus / -max.
 */
final class DashScopeSizes {

    static final List<String> QWEN_FIXED = List.of("1664*928", "1472*1104", "1328*1328", "1104*1472", "928*1664",
            "1472*1140", "1140*1472");
    static final String QWEN_DEFAULT = "1664*928";

    private DashScopeSizes() {
    }

    /** qwen-image, qwen-image-plus, qwen-image-max: fixed sizes and n = 1. Editing and 2.0 models are not. */
    static boolean hasFixedSizes(String model) {
        return model.startsWith("qwen-image") && !model.contains("edit") && !model.startsWith("qwen-image-2");
    }

    /** Parses {@code W*H}; empty when malformed. */
    static Optional<int[]> parse(String size) {
        if (size == null || !size.matches("\\d{2,5}\\*\\d{2,5}")) {
            return Optional.empty();
        }
        String[] parts = size.split("\\*");
        return Optional.of(new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
    }

    /** The free-size rule of the newer models: total pixels between 512*512 and 2048*2048. */
    static boolean freeSizeAllowed(int[] wh) {
        long pixels = (long) wh[0] * wh[1];
        return pixels >= 512L * 512 && pixels <= 2048L * 2048;
    }
}
