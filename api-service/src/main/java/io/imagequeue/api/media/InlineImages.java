package io.imagequeue.api.media;

import io.imagequeue.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Base64 copies of images recently handed out inline, least recently used first out, bounded by
 * the characters they hold (one byte each: base64 is ASCII). A stored image never changes, so a
 * copy is never stale; a task whose images retention deleted is answered as expired before its
 * images are asked for.
 */
@ApplicationScoped
public class InlineImages {

    private final long budget;
    private final LinkedHashMap<String, String> recent = new LinkedHashMap<>(64, 0.75f, true);
    private long held;

    @Inject
    public InlineImages(ApiConfig config) {
        this(config.storage().inlineImageCache().asLongValue());
    }

    InlineImages(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** The base64 text for this key, made by {@code encode} when it is not kept. Blocking when encoding. */
    public String base64(String key, Supplier<String> encode) {
        String kept = find(key);
        if (kept != null) {
            return kept;
        }
        String made = encode.get();
        keep(key, made);
        return made;
    }

    private synchronized String find(String key) {
        return recent.get(key);
    }

    private synchronized void keep(String key, String base64) {
        if (base64.length() > budget / 4) {
            return;
        }
        String previous = recent.put(key, base64);
        held += base64.length() - (previous == null ? 0 : previous.length());
        Iterator<Map.Entry<String, String>> oldest = recent.entrySet().iterator();
        while (held > budget && oldest.hasNext()) {
            held -= oldest.next().getValue().length();
            oldest.remove();
        }
    }

    synchronized long heldBytes() {
        return held;
    }
}
