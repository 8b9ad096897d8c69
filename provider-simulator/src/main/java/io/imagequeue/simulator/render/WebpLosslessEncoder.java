package io.imagequeue.simulator.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

/**
 * A deliberately simple WebP (VP8L lossless) writer, because the JDK's ImageIO cannot write WebP and the
 * simulator should still answer {@code output_format=webp} with real WebP bytes.
 *
 * <p>No transforms and fixed 8-bit prefix codes for green, red and blue (alpha is a one-symbol code for 255, so
 * costs no bits): files are about 3 bytes per pixel, large but valid and quick to produce.
 */
final class WebpLosslessEncoder {

    private static final int SIGNATURE = 0x2f;
    /** Position of each code-length symbol in the stream's code-length-code order (RFC 9649, 3.7.2.1.2). */
    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int GREEN_ALPHABET = 256 + 24;

    private WebpLosslessEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width > 16384 || height > 16384) {
            throw new IllegalArgumentException("WebP images are limited to 16384 pixels per side");
        }
        BitWriter bits = new BitWriter(width * height * 3 + 64);
        bits.write(SIGNATURE, 8);
        bits.write(width - 1, 14);
        bits.write(height - 1, 14);
        bits.write(0, 1); // alpha_is_used: a hint only; every pixel is opaque
        bits.write(0, 3); // version
        bits.write(0, 1); // no transforms
        bits.write(0, 1); // no color cache
        bits.write(0, 1); // no meta prefix codes
        writeEightBitCode(bits, GREEN_ALPHABET);
        writeEightBitCode(bits, 256); // red
        writeEightBitCode(bits, 256); // blue
        writeSingleSymbolCode(bits, 255); // alpha: always 255, zero bits per pixel
        writeSingleSymbolCode(bits, 0); // distance: unused

        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                bits.write(REVERSED[(argb >> 8) & 0xff], 8);
                bits.write(REVERSED[(argb >> 16) & 0xff], 8);
                bits.write(REVERSED[argb & 0xff], 8);
            }
        }
        byte[] payload = bits.toByteArray();
        return riff(payload);
    }

    /**
     * A normal prefix code in which symbols 0..255 have length 8 and any further symbols length 0. The code-length
     * code uses only the lengths 0 and 8, each with a one-bit code (0 → "0", 8 → "1").
     */
    private static void writeEightBitCode(BitWriter bits, int alphabetSize) {
        bits.write(0, 1); // normal (not simple) code
        int lastNeeded = 0;
        for (int i = 0; i < CODE_LENGTH_ORDER.length; i++) {
            if (CODE_LENGTH_ORDER[i] == 8) {
                lastNeeded = i;
            }
        }
        int count = lastNeeded + 1;
        bits.write(count - 4, 4);
        for (int i = 0; i < count; i++) {
            int symbol = CODE_LENGTH_ORDER[i];
            bits.write(symbol == 0 || symbol == 8 ? 1 : 0, 3);
        }
        bits.write(0, 1); // max_symbol = alphabet size
        for (int symbol = 0; symbol < alphabetSize; symbol++) {
            bits.write(symbol < 256 ? 1 : 0, 1);
        }
    }

    private static void writeSingleSymbolCode(BitWriter bits, int symbol) {
        bits.write(1, 1); // simple code
        bits.write(0, 1); // one symbol
        if (symbol < 2) {
            bits.write(0, 1);
            bits.write(symbol, 1);
        } else {
            bits.write(1, 1);
            bits.write(symbol, 8);
        }
    }

    private static byte[] riff(byte[] payload) {
        int padding = payload.length % 2;
        int chunkSize = payload.length;
        int riffSize = 4 + 8 + chunkSize + padding;
        ByteArrayOutputStream out = new ByteArrayOutputStream(riffSize + 8);
        out.writeBytes("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeLittleEndian(out, riffSize);
        out.writeBytes("WEBPVP8L".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeLittleEndian(out, chunkSize);
        out.writeBytes(payload);
        if (padding == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >> 8) & 0xff);
        out.write((value >> 16) & 0xff);
        out.write((value >> 24) & 0xff);
    }

    /** Prefix codes are read most-significant bit first from an LSB-first stream, so 8-bit codes go in reversed. */
    private static final int[] REVERSED = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            REVERSED[i] = Integer.reverse(i) >>> 24;
        }
    }

    /** Packs values least-significant bit first, as VP8L reads them. */
    private static final class BitWriter {
        private byte[] buffer;
        private int length;
        private long accumulator;
        private int used;

        BitWriter(int initialCapacity) {
            buffer = new byte[Math.max(16, initialCapacity)];
        }

        void write(int value, int count) {
            accumulator |= ((long) value & ((1L << count) - 1)) << used;
            used += count;
            while (used >= 8) {
                put((byte) accumulator);
                accumulator >>>= 8;
                used -= 8;
            }
        }

        byte[] toByteArray() {
            if (used > 0) {
                put((byte) accumulator);
                accumulator = 0;
                used = 0;
            }
            return java.util.Arrays.copyOf(buffer, length);
        }

        private void put(byte b) {
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[length++] = b;
        }
    }
}
