package io.imagequeue.simulator.render;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads the pixel size of an input image (edits, image-to-image), so outputs can follow the input's shape the
 * way the real providers do. Reads only the header; anything undecodable yields empty.
 */
public final class ImageProbe {

    /** Width and height in pixels. */
    public record Dimensions(int width, int height) {
    }

    private ImageProbe() {
    }

    public static Optional<Dimensions> dimensions(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        Optional<Dimensions> webp = webpDimensions(bytes);
        if (webp.isPresent()) {
            return webp;
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return Optional.of(new Dimensions(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Decodes a bare base64 string or a {@code data:image/...;base64,} URI; URLs and garbage yield empty. */
    public static Optional<byte[]> decodeBase64(String text) {
        if (text == null || text.isBlank() || text.startsWith("http://") || text.startsWith("https://")) {
            return Optional.empty();
        }
        String payload = text;
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            if (comma < 0) {
                return Optional.empty();
            }
            payload = text.substring(comma + 1);
        }
        try {
            return Optional.of(Base64.getMimeDecoder().decode(payload));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static Optional<Dimensions> dimensionsOfBase64(String text) {
        return decodeBase64(text).flatMap(ImageProbe::dimensions);
    }

    /** ImageIO cannot read WebP; the lossless (VP8L) header is simple enough to read here. */
    private static Optional<Dimensions> webpDimensions(byte[] b) {
        if (b.length < 30 || b[0] != 'R' || b[1] != 'I' || b[2] != 'F' || b[3] != 'F'
                || b[8] != 'W' || b[9] != 'E' || b[10] != 'B' || b[11] != 'P') {
            return Optional.empty();
        }
        if (b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'L' && b[20] == 0x2f) {
            long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
            return Optional.of(new Dimensions((int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1));
        }
        return Optional.empty();
    }
}
