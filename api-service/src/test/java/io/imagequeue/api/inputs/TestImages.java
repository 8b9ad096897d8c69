package io.imagequeue.api.inputs;

import io.imagequeue.api.media.WebpLosslessWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Images for tests: real encodings made on the spot, and hand-built hostile ones. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    public static byte[] jpeg(int width, int height) {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(picture(width, height), 0, 0, null);
        g.dispose();
        return encode(rgb, "jpeg");
    }

    public static byte[] webp(int width, int height) {
        return WebpLosslessWriter.write(picture(width, height));
    }

    public static byte[] gif(int width, int height) {
        return encode(picture(width, height), "gif");
    }

    public static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    public static String base64(byte[] image) {
        return Base64.getEncoder().encodeToString(image);
    }

    /** The first half of a real PNG: signature and header intact, image data and IEND cut off. */
    public static byte[] truncatedPng() {
        byte[] whole = png(64, 64);
        return Arrays.copyOf(whole, whole.length / 2);
    }

    /**
     * A valid, tiny PNG whose header declares a {@code side}×{@code side} canvas: decoding it would
     * allocate gigabytes.
     */
    public static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", header.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] compressed = new byte[256];
        int length = deflater.deflate(compressed);
        chunk(out, "IDAT", Arrays.copyOf(compressed, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A structurally valid PNG of about {@code bytes} bytes (padded with a large private chunk). */
    public static byte[] pngOfAbout(int bytes) {
        byte[] small = png(16, 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(small, 33)); // signature + IHDR
        chunk(out, "prVt", new byte[bytes]);
        out.writeBytes(Arrays.copyOfRange(small, 33, small.length));
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 120, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(240, 200, 40));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!javax.imageio.ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
