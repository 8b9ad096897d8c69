package io.imagequeue.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.model.error.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.FileItem;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * A {@code multipart/form-data} body as OpenAI SDKs send it: file parts, and scalar fields as text
 * that {@link #fields} turns into a typed {@link JsonBody}, so the JSON and multipart forms of an
 * endpoint share one reader and one set of error messages. Reading files is blocking.
 */
public final class MultipartBody {

    /**
     * How a scalar form field's text is read. A {@code STRING_LIST} may come as repeated parts,
     * also under {@code name[]} (how the OpenAI SDKs send an array in a form), and becomes an array.
     */
    public enum FieldKind {
        STRING, INTEGER, NUMBER, BOOLEAN, STRING_LIST
    }

    /** One uploaded file, under the field name it came in. */
    public record FilePart(String field, byte[] bytes) {
    }

    private final Map<String, Collection<FormValue>> values;

    private MultipartBody(Map<String, Collection<FormValue>> values) {
        this.values = values;
    }

    public static MultipartBody of(MultipartFormDataInput input) {
        return new MultipartBody(input.getValues());
    }

    /**
     * The files under any of the names, in the order of the names and then of the parts.
     *
     * @param maxBytes a file larger than this is a 413, refused before it is read into memory
     */
    public List<FilePart> files(long maxBytes, String... names) {
        List<FilePart> files = new ArrayList<>();
        for (String name : names) {
            for (FormValue value : values.getOrDefault(name, List.of())) {
                if (!value.isFileItem()) {
                    throw ApiException.invalid(name, "invalid_type",
                            "'" + name + "' must be a file upload (a part with a filename), not a text field.");
                }
                files.add(new FilePart(name, read(value.getFileItem(), name, maxBytes)));
            }
        }
        return files;
    }

    /**
     * The scalar fields, typed by {@code kinds}; a field not in {@code kinds} and not in
     * {@code fileFields} is refused by name, as in the JSON form.
     */
    public JsonBody fields(Map<String, FieldKind> kinds, Set<String> fileFields) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Collection<FormValue>> entry : values.entrySet()) {
            String name = entry.getKey();
            if (fileFields.contains(name)) {
                continue;
            }
            FieldKind kind = kinds.get(name);
            String listName = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
            if (kind == null && kinds.get(listName) == FieldKind.STRING_LIST) {
                kind = FieldKind.STRING_LIST;
            }
            if (kind == null) {
                throw ApiException.invalid(name, "unknown_parameter", "Unrecognized request argument supplied: " + name);
            }
            if (kind == FieldKind.STRING_LIST) {
                ArrayNode list = root.has(listName) ? (ArrayNode) root.get(listName) : root.putArray(listName);
                for (FormValue value : entry.getValue()) {
                    if (value.isFileItem()) {
                        throw ApiException.invalid(name, "invalid_type", "'" + name + "' must be a text field, not a file.");
                    }
                    list.add(value.getValue());
                }
                continue;
            }
            if (entry.getValue().size() != 1) {
                throw ApiException.invalid(name, "invalid_value", "'" + name + "' was given more than once.");
            }
            FormValue value = entry.getValue().iterator().next();
            if (value.isFileItem()) {
                throw ApiException.invalid(name, "invalid_type", "'" + name + "' must be a text field, not a file.");
            }
            put(root, name, kind, value.getValue());
        }
        return JsonBody.of(root);
    }

    /**
     * The fields plus a digest of every file, under the files' field names: what an idempotent
     * replay must match, without holding the images in memory twice.
     */
    public static JsonBody withDigests(JsonBody fields, List<FilePart> files) {
        ObjectNode root = fields.root().deepCopy();
        for (FilePart file : files) {
            ArrayNode digests = root.has(file.field()) ? (ArrayNode) root.get(file.field()) : root.putArray(file.field());
            digests.add("sha256:" + sha256(file.bytes()));
        }
        return JsonBody.of(root);
    }

    private static void put(ObjectNode root, String name, FieldKind kind, String text) {
        String value = text == null ? "" : text.trim();
        try {
            switch (kind) {
                case STRING -> root.put(name, text);
                case STRING_LIST -> root.putArray(name).add(text);
                case INTEGER -> root.put(name, Long.parseLong(value));
                case NUMBER -> root.put(name, Double.parseDouble(value));
                case BOOLEAN -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new NumberFormatException(value);
                    }
                    root.put(name, Boolean.parseBoolean(lower));
                }
            }
        } catch (NumberFormatException e) {
            String expected = switch (kind) {
                case INTEGER -> "an integer";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean (true or false)";
                case STRING, STRING_LIST -> "a string";
            };
            throw ApiException.invalid(name, "invalid_type", "Invalid type for '" + name + "': expected " + expected + ".");
        }
    }

    private static byte[] read(FileItem item, String name, long maxBytes) {
        try {
            if (item.getFileSize() > maxBytes) {
                throw new ApiException(ErrorType.PAYLOAD_TOO_LARGE, "image_too_large", name,
                        "The file in '" + name + "' is " + item.getFileSize() + " bytes; the limit is " + maxBytes + " bytes.");
            }
            try (InputStream in = item.getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file of '" + name + "'", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
