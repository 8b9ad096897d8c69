package io.imagequeue.api.files;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's File object and list shape. */
public final class FileViews {

    private FileViews() {
    }

    public static Map<String, Object> file(StoredFile file) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", file.id());
        view.put("object", "file");
        view.put("bytes", file.bytes());
        view.put("created_at", file.createdAt());
        view.put("expires_at", null);
        view.put("filename", file.filename());
        view.put("purpose", file.purpose());
        view.put("status", "processed");
        view.put("status_details", null);
        return view;
    }

    /** A page of {@code limit} of the rows (which hold one more when another page follows). */
    public static Map<String, Object> list(List<StoredFile> rows, int limit) {
        List<StoredFile> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("object", "list");
        view.put("data", page.stream().map(FileViews::file).toList());
        view.put("first_id", page.isEmpty() ? null : page.get(0).id());
        view.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id());
        view.put("has_more", rows.size() > limit);
        return view;
    }

    public static Map<String, Object> deleted(String id) {
        return Map.of("id", id, "object", "file", "deleted", true);
    }
}
