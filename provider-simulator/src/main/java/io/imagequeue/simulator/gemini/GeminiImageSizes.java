package io.imagequeue.simulator.gemini;

import io.imagequeue.simulator.render.ImageProbe;
import io.imagequeue.simulator.render.Sizes;

import java.util.Map;
import java.util.Optional;

/**
 * Output pixel sizes per aspect ratio and size tier, from Google's published tables: gemini-2.5-flash-image is
 * 1K only; the Gemini 3 image models have their own 1K table, doubled for 2K and quadrupled for 4K.
 */
final class GeminiImageSizes {

    private static final Map<String, int[]> FLASH_2_5 = Map.of(
            "1:1", new int[]{1024, 1024}, "2:3", new int[]{832, 1248}, "3:2", new int[]{1248, 832},
            "3:4", new int[]{864, 1184}, "4:3", new int[]{1184, 864}, "4:5", new int[]{896, 1152},
            "5:4", new int[]{1152, 896}, "9:16", new int[]{768, 1344}, "16:9", new int[]{1344, 768},
            "21:9", new int[]{1536, 672});
    private static final Map<String, int[]> GEMINI_3 = Map.ofEntries(
            Map.entry("1:1", new int[]{1024, 1024}), Map.entry("2:3", new int[]{848, 1264}),
            Map.entry("3:2", new int[]{1264, 848}), Map.entry("3:4", new int[]{896, 1200}),
            Map.entry("4:3", new int[]{1200, 896}), Map.entry("4:5", new int[]{928, 1152}),
            Map.entry("5:4", new int[]{1152, 928}), Map.entry("9:16", new int[]{768, 1376}),
            Map.entry("16:9", new int[]{1376, 768}), Map.entry("21:9", new int[]{1584, 672}),
            Map.entry("1:4", new int[]{512, 2048}), Map.entry("4:1", new int[]{2048, 512}),
            Map.entry("1:8", new int[]{352, 2816}), Map.entry("8:1", new int[]{2816, 352}));

    private GeminiImageSizes() {
    }

    static boolean isFlash25(String model) {
        return model.startsWith("gemini-2.5");
    }

    static boolean knowsRatio(String model, String ratio) {
        return (isFlash25(model) ? FLASH_2_5 : GEMINI_3).containsKey(ratio);
    }

    static Optional<Double> tierScale(String imageSize) {
        if (imageSize == null) {
            return Optional.of(1.0);
        }
        return switch (imageSize) {
            case "1K" -> Optional.of(1.0);
            case "2K" -> Optional.of(2.0);
            case "4K" -> Optional.of(4.0);
            case "512", "0.5K" -> Optional.of(0.5);
            default -> Optional.empty();
        };
    }

    /**
     * The output size: the requested ratio (or the input image's nearest ratio, or 1:1) at the tier's scale.
     * gemini-2.5-flash-image ignores the tier (1K only; what the real service does with 2K/4K is UNCONFIRMED).
     */
    static int[] size(String model, String ratio, double scale, Optional<ImageProbe.Dimensions> input) {
        Map<String, int[]> table = isFlash25(model) ? FLASH_2_5 : GEMINI_3;
        String chosen = ratio != null ? ratio : input.map(d -> nearest(table, (double) d.width() / d.height())).orElse("1:1");
        int[] base = table.get(chosen);
        double effective = isFlash25(model) ? 1.0 : scale;
        return new int[]{(int) Math.round(base[0] * effective), (int) Math.round(base[1] * effective)};
    }

    private static String nearest(Map<String, int[]> table, double ratio) {
        String best = "1:1";
        double bestDistance = Double.MAX_VALUE;
        for (String candidate : table.keySet()) {
            double value = Sizes.parseRatio(candidate, ':').orElseThrow().value();
            double distance = Math.abs(Math.log(value / ratio));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }
}
