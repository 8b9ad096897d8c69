package io.imagequeue.worker.images;

/**
 * The centred part of a source image that has the target's aspect ratio, so that scaling it to the
 * target fills the target exactly without distortion (CSS {@code object-fit: cover}).
 *
 * @param x      left edge in source pixels
 * @param y      top edge in source pixels
 * @param width  width in source pixels
 * @param height height in source pixels
 */
record CoverCrop(int x, int y, int width, int height) {

    static CoverCrop of(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        // Compare sourceW/sourceH with targetW/targetH without rounding.
        long wide = (long) sourceWidth * targetHeight;
        long tall = (long) sourceHeight * targetWidth;
        if (wide > tall) {
            int width = clamp(Math.round((double) sourceHeight * targetWidth / targetHeight), sourceWidth);
            return new CoverCrop((sourceWidth - width) / 2, 0, width, sourceHeight);
        }
        if (tall > wide) {
            int height = clamp(Math.round((double) sourceWidth * targetHeight / targetWidth), sourceHeight);
            return new CoverCrop(0, (sourceHeight - height) / 2, sourceWidth, height);
        }
        return new CoverCrop(0, 0, sourceWidth, sourceHeight);
    }

    private static int clamp(long value, int max) {
        return (int) Math.max(1, Math.min(max, value));
    }
}
