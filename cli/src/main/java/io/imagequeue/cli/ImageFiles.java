package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Writes the images of a finished task to disk, each file whole or not at all. */
public final class ImageFiles {

    private final ApiClient api;

    public ImageFiles(ApiClient api) {
        this.api = api;
    }

    /** An image in a result: a link to fetch, or the bytes inline. */
    record ImageRef(String url, byte[] inline) {
    }

    /**
     * The images of a task's result, whichever endpoint made it: {@code data[].url|b64_json} (OpenAI
     * shape), {@code images[]} (links or base64) or {@code urls[]}.
     */
    static List<ImageRef> refs(JsonNode result) {
        List<ImageRef> refs = new ArrayList<>();
        if (result == null) {
            return refs;
        }
        result.path("data").forEach(item -> {
            if (item.hasNonNull("url")) {
                refs.add(new ImageRef(item.get("url").asText(), null));
            } else if (item.hasNonNull("b64_json")) {
                refs.add(new ImageRef(null, Base64.getMimeDecoder().decode(item.get("b64_json").asText())));
            }
        });
        for (String field : List.of("images", "urls")) {
            result.path(field).forEach(item -> {
                String value = item.asText();
                refs.add(value.startsWith("http://") || value.startsWith("https://")
                        ? new ImageRef(value, null)
                        : new ImageRef(null, Base64.getMimeDecoder().decode(value)));
            });
        }
        return refs;
    }

    /**
     * Saves the result's images as {@code dir/base.ext} (one image) or {@code dir/base-1.ext}, ... and
     * answers the file names. The extension follows the bytes (PNG, JPEG, WebP).
     */
    public List<String> saveAll(JsonNode result, Path dir, String base) {
        List<ImageRef> refs = refs(result);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            byte[] bytes = bytesOf(refs.get(i));
            String name = (refs.size() == 1 ? base : base + "-" + (i + 1)) + "." + extension(bytes);
            write(dir.resolve(name), bytes);
            names.add(name);
        }
        return names;
    }

    /** Saves to the exact paths a user named with -o (out.png, or out-1.png, out-2.png for several). */
    public List<Path> saveTo(JsonNode result, Path output) {
        List<ImageRef> refs = refs(result);
        List<Path> paths = new ArrayList<>();
        String fileName = output.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String ext = dot > 0 ? fileName.substring(dot) : null;
        for (int i = 0; i < refs.size(); i++) {
            byte[] bytes = bytesOf(refs.get(i));
            String name = (refs.size() == 1 ? stem : stem + "-" + (i + 1)) + (ext != null ? ext : "." + extension(bytes));
            Path path = output.resolveSibling(name);
            write(path, bytes);
            paths.add(path);
        }
        return paths;
    }

    private byte[] bytesOf(ImageRef ref) {
        return ref.inline() != null ? ref.inline() : api.download(ref.url());
    }

    static String extension(byte[] bytes) {
        if (bytes.length >= 4 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "jpg";
        }
        if (bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
            return "webp";
        }
        return "bin";
    }

    /** Temp file then atomic rename: a file under its final name is always complete. */
    private static void write(Path path, byte[] bytes) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".part-", ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Could not write " + path + ": " + e.getMessage() + ".");
        }
    }
}
