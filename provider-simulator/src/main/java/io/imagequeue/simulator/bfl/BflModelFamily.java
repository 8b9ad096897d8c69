package io.imagequeue.simulator.bfl;

import java.util.Locale;

/**
 * How a BFL endpoint sizes its output and which fields it validates, derived from the endpoint name so that any
 * {@code /v1/flux-*} name works (BFL adds endpoints often).
 */
enum BflModelFamily {
    /** flux-pro-1.1, flux-pro, flux-dev: width/height 256–1440, multiples of 32, default 1024×768. */
    CLASSIC(32, 256, 1440, 6),
    /** flux-pro-1.1-ultra: ~4 MP at {@code aspect_ratio} (default 16:9); width/height are not accepted. */
    ULTRA(32, 0, 0, 6),
    /** flux-kontext-pro/max: ~1 MP at {@code aspect_ratio} (default 1:1, or the input image's shape); PNG default. */
    KONTEXT(32, 0, 0, 6),
    /** flux-2-*: width/height multiples of 16 (0 = model picks), ≥ 64, above 4 MP scaled down; safety 0–5. */
    FLUX2(16, 64, 0, 5),
    /** flux-pro-1.0-fill/expand: {@code image} required; output follows the input image. */
    FILL(32, 0, 0, 6);

    final int multiple;
    final int minSide;
    final int maxSide;
    final int maxSafetyTolerance;

    BflModelFamily(int multiple, int minSide, int maxSide, int maxSafetyTolerance) {
        this.multiple = multiple;
        this.minSide = minSide;
        this.maxSide = maxSide;
        this.maxSafetyTolerance = maxSafetyTolerance;
    }

    static BflModelFamily of(String endpoint) {
        String name = endpoint.toLowerCase(Locale.ROOT);
        if (name.contains("ultra")) {
            return ULTRA;
        }
        if (name.contains("kontext")) {
            return KONTEXT;
        }
        if (name.startsWith("flux-2")) {
            return FLUX2;
        }
        if (name.contains("fill") || name.contains("expand")) {
            return FILL;
        }
        return CLASSIC;
    }

    /** BFL's documented default output format: PNG for Kontext, JPEG elsewhere. */
    String defaultOutputFormat() {
        return this == KONTEXT ? "png" : "jpeg";
    }
}
