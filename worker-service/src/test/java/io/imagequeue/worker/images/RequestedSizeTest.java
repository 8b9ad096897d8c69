package io.imagequeue.worker.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.ImageBytes;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RequestedSizeTest {

    private static final Color ORANGE = new Color(200, 80, 40);

    @Test
    void aLargerNativeImageIsScaledDownToTheRequestedSize() {
        GeneratedImage fitted = fitOne(png(1328, 1328, ORANGE, ORANGE), 1024, 1024);

        BufferedImage image = decode(fitted.bytes());
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(fitted.contentType()).isEqualTo(ImageBytes.PNG);
        assertThat(new Color(image.getRGB(512, 512))).as("a flat colour survives the filter").isEqualTo(ORANGE);
    }

    @Test
    void anotherAspectRatioIsCroppedFromTheCentreRatherThanStretched() {
        // 1664x928 with blue outer fifths: a centred 928x928 crop keeps only the orange middle.
        GeneratedImage fitted = fitOne(png(1664, 928, ORANGE, Color.BLUE), 1024, 1024);

        BufferedImage image = decode(fitted.bytes());
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(new Color(image.getRGB(5, 512))).isEqualTo(ORANGE);
        assertThat(new Color(image.getRGB(1018, 512))).isEqualTo(ORANGE);
    }

    @Test
    void aSmallerImageIsScaledUp() {
        BufferedImage image = decode(fitOne(png(1664, 928, ORANGE, ORANGE), 1920, 1080).bytes());

        assertThat(image.getWidth()).isEqualTo(1920);
        assertThat(image.getHeight()).isEqualTo(1080);
    }

    @Test
    void anImageOfTheRequestedSizeIsKeptByteForByte() {
        GeneratedImage original = new GeneratedImage(png(64, 32, ORANGE, ORANGE), ImageBytes.PNG, "revised");

        assertThat(RequestedSize.fit(List.of(original), 64, 32)).singleElement().isSameAs(original);
    }

    @Test
    void withoutARequestedSizeTheImagesAreKept() {
        List<GeneratedImage> images = List.of(new GeneratedImage(png(64, 32, ORANGE, ORANGE), ImageBytes.PNG, null));

        assertThat(RequestedSize.fit(images, null, null)).isSameAs(images);
    }

    @Test
    void aJpegStaysAJpegAndKeepsItsRevisedPrompt() {
        GeneratedImage jpeg = new GeneratedImage(encode(canvas(300, 200, ORANGE, ORANGE), "jpeg"), ImageBytes.JPEG, "revised");

        GeneratedImage fitted = RequestedSize.fit(List.of(jpeg), 150, 100).get(0);

        assertThat(fitted.contentType()).isEqualTo(ImageBytes.JPEG);
        assertThat(ImageBytes.contentType(fitted.bytes(), "none")).isEqualTo(ImageBytes.JPEG);
        assertThat(fitted.revisedPrompt()).isEqualTo("revised");
        assertThat(decode(fitted.bytes()).getWidth()).isEqualTo(150);
    }

    @Test
    void transparentPixelsStayTransparent() {
        BufferedImage clear = new BufferedImage(200, 200, BufferedImage.TYPE_INT_ARGB);
        GeneratedImage fitted = fitOne(encode(clear, "png"), 100, 100);

        assertThat(decode(fitted.bytes()).getRGB(50, 50) >>> 24).isZero();
    }

    @Test
    void anImageTheJdkCannotDecodeIsStoredAsTheProviderMadeIt() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8L not really".getBytes();
        GeneratedImage original = new GeneratedImage(webp, ImageBytes.WEBP, null);

        assertThat(RequestedSize.fit(List.of(original), 1024, 1024)).singleElement().isSameAs(original);
    }

    private static GeneratedImage fitOne(byte[] png, int width, int height) {
        return RequestedSize.fit(List.of(new GeneratedImage(png, ImageBytes.PNG, null)), width, height).get(0);
    }

    /** {@code centre} in the middle of the width, {@code edges} in the outer fifths. */
    private static byte[] png(int width, int height, Color centre, Color edges) {
        return encode(canvas(width, height, centre, edges), "png");
    }

    private static BufferedImage canvas(int width, int height, Color centre, Color edges) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(edges);
        g.fillRect(0, 0, width, height);
        g.setColor(centre);
        g.fillRect(width / 5, 0, width - 2 * (width / 5), height);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
