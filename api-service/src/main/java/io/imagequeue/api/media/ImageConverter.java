package io.imagequeue.api.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Re-encodes a generated image into the format the client asked for, when the provider returned
 * another one. PNG and JPEG go through ImageIO, WebP through {@link WebpLosslessWriter}.
 *
 * <p>{@code output_compression} is read as OpenAI documents it for JPEG: 0..100, where 100 keeps
 * the most detail (OpenAI's default). Lossless WebP has nothing to trade, so it ignores it.
 */
public final class ImageConverter {

    private static final float DEFAULT_JPEG_QUALITY = 0.9f;

    private ImageConverter() {
    }

    /**
     * @return the converted bytes, or empty when the source cannot be decoded here (the JDK reads
     *     PNG and JPEG, not WebP)
     */
    public static Optional<byte[]> convert(byte[] source, ImageType target, Integer compression) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(source));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (image == null) {
            return Optional.empty();
        }
        return Optional.of(switch (target) {
            case PNG -> png(image);
            case JPEG -> jpeg(opaque(image), compression == null ? DEFAULT_JPEG_QUALITY : compression / 100f);
            case WEBP -> WebpLosslessWriter.write(image);
        });
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(Math.max(0f, Math.min(1f, quality)));
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** JPEG has no alpha: transparent areas become white, as image viewers show them. */
    private static BufferedImage opaque(BufferedImage image) {
        if (!image.getColorModel().hasAlpha() && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
