package io.imagequeue.api.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The WebP we write decodes, with an independent decoder, to exactly the pixels we wrote. */
class WebpLosslessWriterTest {

    @Test
    void anOpaqueImageRoundTripsPixelForPixel() throws Exception {
        BufferedImage original = gradient(67, 41, false);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(WebpLosslessWriter.write(original)));

        assertSamePixels(original, decoded);
    }

    @Test
    void transparencyIsKept() throws Exception {
        BufferedImage original = gradient(33, 20, true);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(WebpLosslessWriter.write(original)));

        assertSamePixels(original, decoded);
        assertThat(decoded.getRGB(0, 0) >>> 24).isEqualTo(original.getRGB(0, 0) >>> 24).isLessThan(255);
    }

    @Test
    void theContainerIsARiffWebpWithALosslessChunk() {
        byte[] webp = WebpLosslessWriter.write(gradient(3, 3, false));

        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WEBPVP8L");
        assertThat(webp.length % 2).isZero();
    }

    @Test
    void convertingAPngToJpegAndWebpGivesThoseFormats() {
        byte[] png = io.imagequeue.api.inputs.TestImages.png(40, 30);

        assertThat(ImageConverter.convert(png, ImageType.JPEG, 80).orElseThrow()).startsWith(0xff, 0xd8, 0xff);
        assertThat(ImageConverter.convert(png, ImageType.WEBP, null).orElseThrow()).startsWith('R', 'I', 'F', 'F');
    }

    @Test
    void aConvertedCopyIsKeptBesideTheOriginalNamedByFormatAndCompression() {
        assertThat(DeliveredImages.convertedKey("tenants/t/tasks/tsk_1/output-a1-0.png", ImageType.JPEG, 80))
                .isEqualTo("tenants/t/tasks/tsk_1/output-a1-0.as-jpeg-q80.jpg");
        assertThat(DeliveredImages.convertedKey("tenants/t/tasks/tsk_1/output-a1-0.jpg", ImageType.PNG, 80))
                .isEqualTo("tenants/t/tasks/tsk_1/output-a1-0.as-png.png");
    }

    private static BufferedImage gradient(int width, int height, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int a = alpha ? (x * 255 / width) : 255;
                image.setRGB(x, y, a << 24 | (x * 7 & 0xff) << 16 | (y * 13 & 0xff) << 8 | ((x + y) * 3 & 0xff));
            }
        }
        return image;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertThat(actual).isNotNull();
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(Integer.toHexString(actual.getRGB(x, y))).as("pixel %d,%d", x, y)
                        .isEqualTo(Integer.toHexString(expected.getRGB(x, y)));
            }
        }
    }
}
