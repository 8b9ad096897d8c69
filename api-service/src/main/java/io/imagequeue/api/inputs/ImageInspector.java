package io.imagequeue.api.inputs;

import io.imagequeue.api.media.ImageType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Checks an input image by its content, never its name: PNG, JPEG or WebP magic bytes, a header
 * that parses, and byte and pixel counts within the limits. Dimensions come from the header alone,
 * so a decompression bomb (a small file declaring a huge canvas) is refused without being decoded.
 *
 * <p>Refusals: unknown format 415 {@code unsupported_image_format}; over a limit 413
 * {@code image_too_large}; empty, truncated or corrupt 400 {@code invalid_image}.
 */
@ApplicationScoped
public class ImageInspector {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final long maxBytes;
    private final long maxPixels;

    @Inject
    public ImageInspector(InputLimits limits) {
        this(limits.maxImageBytes().asLongValue(), limits.maxImagePixels());
    }

    public ImageInspector(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /** The largest image accepted, in bytes; fetchers stop reading past it. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * @param param the request field that carried the image, for the error's {@code param}
     */
    public InspectedImage inspect(byte[] bytes, String param) {
        if (bytes == null || bytes.length == 0) {
            throw InputImageException.invalid(param, "invalid_image", "The image in '" + param + "' is empty.");
        }
        if (bytes.length > maxBytes) {
            throw InputImageException.tooLarge(param, "The image in '" + param + "' is " + bytes.length
                    + " bytes; the limit is " + maxBytes + " bytes.");
        }
        ImageType type = typeOf(bytes).orElseThrow(() -> InputImageException.unsupportedFormat(param,
                "The image in '" + param + "' is not PNG, JPEG or WebP (checked by content)."));
        int[] size = switch (type) {
            case PNG -> pngSize(bytes);
            case JPEG -> jpegSize(bytes);
            case WEBP -> webpSize(bytes);
        };
        if (size == null || size[0] <= 0 || size[1] <= 0) {
            throw InputImageException.invalid(param, "invalid_image", "The " + type.wire() + " image in '" + param
                    + "' is truncated or corrupt.");
        }
        long pixels = (long) size[0] * size[1];
        if (pixels > maxPixels) {
            throw InputImageException.tooLarge(param, "The image in '" + param + "' is " + size[0] + "x" + size[1]
                    + " (" + pixels + " pixels); the limit is " + maxPixels + " pixels.");
        }
        return new InspectedImage(type, size[0], size[1], bytes);
    }

    private static Optional<ImageType> typeOf(byte[] b) {
        if (startsWith(b, PNG_SIGNATURE)) {
            return Optional.of(ImageType.PNG);
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of(ImageType.JPEG);
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return Optional.of(ImageType.WEBP);
        }
        return Optional.empty();
    }

    /**
     * Walks the chunk list (lengths and names only, no inflating): IHDR first with a valid CRC, at
     * least one IDAT, IEND present. A cut-off file fails the walk.
     */
    private static int[] pngSize(byte[] b) {
        int pos = PNG_SIGNATURE.length;
        int[] size = null;
        boolean sawData = false;
        while (pos + 12 <= b.length) {
            long length = u32(b, pos);
            String name = ascii(b, pos + 4, 4);
            if (length > b.length - pos - 12L) {
                return null;
            }
            int dataStart = pos + 8;
            if (size == null) {
                if (!name.equals("IHDR") || length != 13 || !crcMatches(b, pos + 4, 4 + 13)) {
                    return null;
                }
                long width = u32(b, dataStart);
                long height = u32(b, dataStart + 4);
                if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                    return null;
                }
                size = new int[]{(int) width, (int) height};
            } else if (name.equals("IDAT")) {
                sawData = true;
            } else if (name.equals("IEND")) {
                return sawData ? size : null;
            }
            pos = dataStart + (int) length + 4;
        }
        return null;
    }

    /**
     * Walks the marker segments up to the start of scan: the frame header (SOFn) gives the size; a
     * file that ends before its scan data is truncated.
     */
    private static int[] jpegSize(byte[] b) {
        int pos = 2;
        int[] size = null;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xff) != 0xff) {
                return null;
            }
            int marker = b[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
                pos += 2; // markers without a length
                continue;
            }
            if (marker == 0xd9) {
                return null; // end of image before any scan
            }
            int length = u16(b, pos + 2);
            if (length < 2 || pos + 2 + length > b.length) {
                return null;
            }
            boolean frameHeader = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frameHeader) {
                if (length < 7) {
                    return null;
                }
                size = new int[]{u16(b, pos + 7), u16(b, pos + 5)};
            }
            if (marker == 0xda) {
                // Scan data must follow the header; a file cut right here has none.
                return pos + 2 + length < b.length ? size : null;
            }
            pos += 2 + length;
        }
        return null;
    }

    /** The RIFF container must be complete; the size comes from the VP8, VP8L or VP8X header. */
    private static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        long riffSize = u32le(b, 4);
        if (riffSize + 8 > b.length || riffSize < 4 + 8 + 10) {
            return null;
        }
        String chunk = ascii(b, 12, 4);
        long chunkSize = u32le(b, 16);
        if (chunkSize > b.length - 20L) {
            return null;
        }
        return switch (chunk) {
            case "VP8 " -> {
                // 3-byte frame tag, then the start code 9d 01 2a, then 14-bit width and height.
                if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
                    yield null;
                }
                yield new int[]{u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff};
            }
            case "VP8L" -> {
                if ((b[20] & 0xff) != 0x2f) {
                    yield null;
                }
                long bits = u32le(b, 21);
                yield new int[]{(int) (bits & 0x3fff) + 1, (int) ((bits >> 14) & 0x3fff) + 1};
            }
            case "VP8X" -> new int[]{u24le(b, 24) + 1, u24le(b, 27) + 1};
            default -> null;
        };
    }

    private static boolean crcMatches(byte[] b, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, from, length);
        return crc.getValue() == u32(b, from + length);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int from, int length) {
        return from + length <= b.length ? new String(b, from, length, StandardCharsets.ISO_8859_1) : "";
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static long u32le(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static int u24le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }

    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
