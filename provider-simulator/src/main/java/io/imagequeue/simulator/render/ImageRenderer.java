package io.imagequeue.simulator.render;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Renders a real picture of exactly the requested size: a gradient, stripes and translucent circles whose colours
 * and positions come from an RNG seeded by (prompt, seed). Same inputs give the same bytes; different prompts give
 * visibly different pictures. No text is drawn, because a headless machine may have no fonts.
 */
public final class ImageRenderer {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final float JPEG_QUALITY = 0.9f;

    /** Renders and encodes. */
    public byte[] render(RenderSpec spec) {
        BufferedImage image = spec.blurred()
                ? blurred(spec)
                : draw(spec.prompt(), spec.seed(), spec.width(), spec.height());
        return encode(image, spec.format());
    }

    /** The picture for (prompt, seed) at the given size, before encoding. */
    public BufferedImage draw(String prompt, long seed, int width, int height) {
        SplittableRandom random = new SplittableRandom(mix(prompt, seed));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            paintBackground(g, random, width, height);
            paintStripes(g, random, width, height);
            paintCircles(g, random, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A warm-up render so the first real request does not pay for AWT and codec class loading. */
    public void warmUp() {
        render(RenderSpec.of("warm-up", 1, 64, 64, ImageFormat.PNG));
        render(RenderSpec.of("warm-up", 1, 64, 64, ImageFormat.JPEG));
        render(RenderSpec.of("warm-up", 1, 64, 64, ImageFormat.WEBP));
    }

    private static void paintBackground(Graphics2D g, SplittableRandom random, int width, int height) {
        double angle = random.nextDouble(Math.PI * 2);
        float cx = width / 2f;
        float cy = height / 2f;
        float dx = (float) Math.cos(angle) * width / 2f;
        float dy = (float) Math.sin(angle) * height / 2f;
        g.setPaint(new GradientPaint(cx - dx, cy - dy, randomColor(random, 255),
                cx + dx, cy + dy, randomColor(random, 255)));
        g.fill(new Rectangle2D.Double(0, 0, width, height));
    }

    private static void paintStripes(Graphics2D g, SplittableRandom random, int width, int height) {
        int stripes = 3 + random.nextInt(6);
        double diagonal = Math.hypot(width, height);
        AffineTransform original = g.getTransform();
        g.rotate(random.nextDouble(Math.PI), width / 2.0, height / 2.0);
        for (int i = 0; i < stripes; i++) {
            double offset = random.nextDouble(-0.5, 0.5) * diagonal;
            double thickness = random.nextDouble(0.02, 0.12) * diagonal;
            g.setColor(randomColor(random, 60 + random.nextInt(100)));
            g.fill(new Rectangle2D.Double(width / 2.0 - diagonal, height / 2.0 + offset, diagonal * 2, thickness));
        }
        g.setTransform(original);
    }

    private static void paintCircles(Graphics2D g, SplittableRandom random, int width, int height) {
        int circles = 5 + random.nextInt(11);
        double scale = Math.min(width, height);
        for (int i = 0; i < circles; i++) {
            double radius = random.nextDouble(0.05, 0.3) * scale;
            double x = random.nextDouble() * width;
            double y = random.nextDouble() * height;
            g.setColor(randomColor(random, 90 + random.nextInt(140)));
            g.fill(new Ellipse2D.Double(x - radius, y - radius, radius * 2, radius * 2));
        }
    }

    private BufferedImage blurred(RenderSpec spec) {
        // Drawing at 1/16 size and scaling up bilinearly blurs far faster than a convolution at full size.
        int smallWidth = Math.max(1, spec.width() / 16);
        int smallHeight = Math.max(1, spec.height() / 16);
        BufferedImage small = draw(spec.prompt(), spec.seed(), smallWidth, smallHeight);
        BufferedImage image = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setComposite(AlphaComposite.Src);
            g.drawImage(small, 0, 0, spec.width(), spec.height(), null);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Encodes with ImageIO (PNG, JPEG) or the built-in WebP encoder. */
    public byte[] encode(BufferedImage image, ImageFormat format) {
        return switch (format) {
            case PNG -> PngEncoder.encode(image);
            case JPEG -> encodeJpeg(image);
            case WEBP -> WebpLosslessEncoder.encode(image);
        };
    }

    private static byte[] encodeJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static Color randomColor(SplittableRandom random, int alpha) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), alpha);
    }

    /** A stable 64-bit mix of the prompt's SHA-256 and the seed (String.hashCode would collide too easily). */
    static long mix(String prompt, long seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            long hash = 0;
            for (int i = 0; i < 8; i++) {
                hash = (hash << 8) | (digest[i] & 0xff);
            }
            return hash ^ (seed * 0x9E3779B97F4A7C15L);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
