package io.imagequeue.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code multipart/form-data} body: text fields and file parts in their original order, because
 * OpenAI's repeated {@code image[]} parts and Stability's form fields are all multipart.
 */
public final class MultipartForm {

    /** One part; {@code filename} is null for plain fields. */
    public record Part(String name, String filename, String contentType, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        public boolean isFile() {
            return filename != null;
        }
    }

    private final List<Part> parts;

    private MultipartForm(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    public List<Part> parts() {
        return parts;
    }

    public Optional<Part> first(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<Part> all(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).toList();
    }

    /** The text value of a field, or null when absent. */
    public String text(String name) {
        return first(name).map(Part::text).orElse(null);
    }

    public boolean has(String name) {
        return first(name).isPresent();
    }

    /** True when the content type announces multipart/form-data with a boundary. */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                && boundaryOf(contentType) != null;
    }

    /**
     * Parses the body; throws {@link IllegalArgumentException} when the content type or the body is not valid
     * multipart, so each protocol can answer with its own 400 shape.
     */
    public static MultipartForm parse(String contentType, byte[] body) {
        String boundary = boundaryOf(contentType);
        if (boundary == null) {
            throw new IllegalArgumentException("Content-Type is not multipart/form-data with a boundary");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("multipart body has no boundary line");
        }
        while (true) {
            pos += delimiter.length;
            if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') {
                break; // closing delimiter
            }
            pos = skipLineBreak(body, pos);
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (headerEnd < 0) {
                throw new IllegalArgumentException("multipart part has no header terminator");
            }
            String headerBlock = new String(body, pos, headerEnd - pos, StandardCharsets.UTF_8);
            int dataStart = headerEnd + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), dataStart);
            if (next < 0) {
                throw new IllegalArgumentException("multipart part is not terminated");
            }
            byte[] data = java.util.Arrays.copyOfRange(body, dataStart, next);
            parts.add(toPart(headerBlock, data));
            pos = next + 2;
        }
        return new MultipartForm(parts);
    }

    private static Part toPart(String headerBlock, byte[] data) {
        String name = null;
        String filename = null;
        String type = null;
        for (String line : headerBlock.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("multipart part without a name");
        }
        return new Part(name, filename, type, data);
    }

    private static String parameter(String headerValue, String key) {
        for (String piece : headerValue.split(";")) {
            String trimmed = piece.trim();
            int eq = trimmed.indexOf('=');
            if (eq > 0 && trimmed.substring(0, eq).trim().equalsIgnoreCase(key)) {
                String value = trimmed.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String boundary = parameter(contentType, "boundary");
        return boundary == null || boundary.isEmpty() ? null : boundary;
    }

    private static int skipLineBreak(byte[] body, int pos) {
        if (pos + 1 < body.length && body[pos] == '\r' && body[pos + 1] == '\n') {
            return pos + 2;
        }
        if (pos < body.length && body[pos] == '\n') {
            return pos + 1;
        }
        return pos;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
