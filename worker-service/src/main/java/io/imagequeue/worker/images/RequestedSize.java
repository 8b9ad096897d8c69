package io.imagequeue.worker.images;

import io.imagequeue.model.catalog.Dimensions;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.ImageBytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jboss.logging.Logger;

/**
 * Brings generated images to the size the request asked for (or defaulted to) before they are
 * stored, whatever the provider made: a provider with fixed native sizes answers with its nearest
 * one, and the result is centre-cropped to the requested aspect ratio and resampled with
 * {@link Lanczos}. PNG stays PNG and JPEG stays JPEG; an image the JDK cannot decode (WebP) is kept
 * as the provider sent it, with a warning.
 */
public final class RequestedSize {

    private static final Logger LOG = Logger.getLogger(RequestedSize.class);
    private static final float JPEG_QUALITY = 0.95f;

    private RequestedSize() {
    }

    /** Every image fitted to {@code wanted}; with no wanted size (auto, aspect-ratio models) the images as they are. */
    public static List<GeneratedImage> fit(List<GeneratedImage> images, Integer width, Integer height) {
        if (width == null || height == null) {
            return images;
        }
        Dimensions wanted = new Dimensions(width, height);
        return images.stream().map(image -> fit(image, wanted)).toList();
    }

    static GeneratedImage fit(GeneratedImage image, Dimensions wanted) {
        BufferedImage decoded = decode(image.bytes());
        if (decoded == null) {
            LOG.warnf("cannot decode a %s image to fit it to %s; stored as the provider made it", image.contentType(), wanted);
            return image;
        }
        if (decoded.getWidth() == wanted.width() && decoded.getHeight() == wanted.height()) {
            return image;
        }
        CoverCrop crop = CoverCrop.of(decoded.getWidth(), decoded.getHeight(), wanted.width(), wanted.height());
        BufferedImage resized = Lanczos.resample(decoded, crop, wanted.width(), wanted.height());
        boolean jpeg = ImageBytes.JPEG.equals(ImageBytes.contentType(image.bytes(), image.contentType()));
        return jpeg ? new GeneratedImage(encodeJpeg(resized), ImageBytes.JPEG, image.revisedPrompt())
                : new GeneratedImage(encodePng(resized), ImageBytes.PNG, image.revisedPrompt());
    }

    private static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException undecodable) {
            return null;
        }
    }

    private static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encodeJpeg(BufferedImage image) {
        BufferedImage opaque = image;
        if (image.getColorModel().hasAlpha()) {
            opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            opaque.createGraphics().drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(opaque, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
