package io.imagequeue.simulator.render;

/**
 * Everything that determines a rendered image. Small enough to keep for every result URL the simulator hands
 * out, so downloads re-render on demand instead of caching image bytes.
 *
 * @param prompt  the prompt text (markers included; they change the picture, which is harmless)
 * @param seed    the seed; with the prompt it fully determines the picture
 * @param width   pixels
 * @param height  pixels
 * @param format  encoding
 * @param blurred a deliberately blurred rendering, for "filtered output" answers (Stability CONTENT_FILTERED)
 */
public record RenderSpec(String prompt, long seed, int width, int height, ImageFormat format, boolean blurred) {

    public RenderSpec {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        prompt = prompt == null ? "" : prompt;
    }

    public static RenderSpec of(String prompt, long seed, int width, int height, ImageFormat format) {
        return new RenderSpec(prompt, seed, width, height, format, false);
    }
}
