package io.imagequeue.api.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes WebP, since the JDK's ImageIO cannot: lossless VP8L (RFC 9649) in its plainest form, no
 * transforms and no backward references, every channel coded with a fixed 8-bit prefix code. Files
 * come out at about 3 bytes per pixel (4 with transparency): larger than a tuned encoder's, but
 * valid WebP that every decoder reads, made without native code. Alpha is kept: it is coded per
 * pixel only when the image has any transparency.
 */
public final class WebpLosslessWriter {

    private static final int MAX_SIDE = 16384;
    /** Green's alphabet also holds 24 length-prefix symbols, unused here. */
    private static final int GREEN_ALPHABET_SIZE = 256 + 24;
    /** The order in which code-length code lengths are written (RFC 9649 section 3.7.2.1.2). */
    private static final int[] CODE_LENGTH_CODE_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int[] BIT_REVERSED = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            BIT_REVERSED[i] = Integer.reverse(i) >>> 24;
        }
    }

    private WebpLosslessWriter() {
    }

    public static byte[] write(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("WebP sides are at most " + MAX_SIDE + " pixels");
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        boolean transparent = Arrays.stream(argb).anyMatch(p -> p >>> 24 != 0xff);

        LsbBitWriter bits = new LsbBitWriter(width * height * (transparent ? 4 : 3) + 128);
        bits.write(0x2f, 8);                  // VP8L signature
        bits.write(width - 1, 14);
        bits.write(height - 1, 14);
        bits.write(transparent ? 1 : 0, 1);   // alpha_is_used
        bits.write(0, 3);                     // version 0
        bits.write(0, 1);                     // no transforms
        bits.write(0, 1);                     // no colour cache
        bits.write(0, 1);                     // one prefix-code group for the whole image
        writeFlatCode(bits, GREEN_ALPHABET_SIZE);
        writeFlatCode(bits, 256);             // red
        writeFlatCode(bits, 256);             // blue
        if (transparent) {
            writeFlatCode(bits, 256);
        } else {
            writeOneSymbolCode(bits, 0xff);   // alpha is always 255 and costs no bits
        }
        writeOneSymbolCode(bits, 0);          // distances: never used
        for (int pixel : argb) {
            // Prefix codes are read most significant bit first, so each 8-bit code goes in reversed.
            bits.write(BIT_REVERSED[(pixel >>> 8) & 0xff], 8);
            bits.write(BIT_REVERSED[(pixel >>> 16) & 0xff], 8);
            bits.write(BIT_REVERSED[pixel & 0xff], 8);
            if (transparent) {
                bits.write(BIT_REVERSED[pixel >>> 24], 8);
            }
        }
        return riffContainer(bits.toByteArray());
    }

    /** A normal prefix code giving symbols 0..255 length 8 and the rest (if any) length 0. */
    private static void writeFlatCode(LsbBitWriter bits, int alphabetSize) {
        bits.write(0, 1); // normal code
        // Code lengths 0 and 8 are the only ones used; each gets a 1-bit code-length code.
        int written = 0;
        for (int i = 0; i < CODE_LENGTH_CODE_ORDER.length; i++) {
            if (CODE_LENGTH_CODE_ORDER[i] == 8) {
                written = i + 1;
            }
        }
        bits.write(written - 4, 4);
        for (int i = 0; i < written; i++) {
            int length = CODE_LENGTH_CODE_ORDER[i];
            bits.write(length == 0 || length == 8 ? 1 : 0, 3);
        }
        bits.write(0, 1); // code lengths for the whole alphabet follow
        // With lengths {0, 8} both 1 bit long, symbol 0 ("length 0") is bit 0 and symbol 8 is bit 1.
        for (int symbol = 0; symbol < alphabetSize; symbol++) {
            bits.write(symbol < 256 ? 1 : 0, 1);
        }
    }

    private static void writeOneSymbolCode(LsbBitWriter bits, int symbol) {
        bits.write(1, 1); // simple code
        bits.write(0, 1); // with one symbol
        boolean wide = symbol > 1;
        bits.write(wide ? 1 : 0, 1);
        bits.write(symbol, wide ? 8 : 1);
    }

    private static byte[] riffContainer(byte[] vp8l) {
        int pad = vp8l.length & 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(vp8l.length + 21);
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        littleEndian32(out, 4 + 8 + vp8l.length + pad);
        out.writeBytes("WEBPVP8L".getBytes(StandardCharsets.US_ASCII));
        littleEndian32(out, vp8l.length);
        out.writeBytes(vp8l);
        if (pad == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static void littleEndian32(ByteArrayOutputStream out, int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            out.write(value >>> shift & 0xff);
        }
    }

    /** Packs values least significant bit first, as VP8L is read. */
    private static final class LsbBitWriter {
        private byte[] bytes;
        private int size;
        private long pending;
        private int pendingBits;

        LsbBitWriter(int capacity) {
            bytes = new byte[capacity];
        }

        void write(int value, int count) {
            pending |= ((long) value & ((1L << count) - 1)) << pendingBits;
            pendingBits += count;
            while (pendingBits >= 8) {
                append((byte) pending);
                pending >>>= 8;
                pendingBits -= 8;
            }
        }

        byte[] toByteArray() {
            if (pendingBits > 0) {
                append((byte) pending);
                pending = 0;
                pendingBits = 0;
            }
            return Arrays.copyOf(bytes, size);
        }

        private void append(byte b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = b;
        }
    }
}
