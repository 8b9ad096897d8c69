package io.imagequeue.api.files;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Streams an uploaded file (already on the API's local disk, where the HTTP layer spooled it) to the
 * object store, counting its lines on the way: the file is never whole in memory. Blocking.
 */
@ApplicationScoped
public class FileUploads {

    private static final Logger LOG = Logger.getLogger(FileUploads.class);

    /** What was stored: the size and line count the File object reports. */
    public record Stored(long bytes, int lines) {
    }

    private final ObjectStore store;
    private final FileLimits limits;

    public FileUploads(ObjectStore store, FileLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /**
     * Stores {@code size} bytes of {@code in} under {@code key}. A file over the byte limit is a 413
     * before a byte is sent; one over the line limit, or empty, is a 400 and leaves nothing stored.
     */
    public Stored store(String key, InputStream in, long size) {
        long maxBytes = limits.maxBytes().asLongValue();
        if (size > maxBytes) {
            throw new ApiException(ErrorType.PAYLOAD_TOO_LARGE, "file_too_large", "file",
                    "The file is " + size + " bytes; the limit is " + maxBytes + " bytes.");
        }
        if (size == 0) {
            throw ApiException.invalid("file", "empty_file", "The file is empty.");
        }
        LineCountingInputStream counted = new LineCountingInputStream(in);
        store.put(key, counted, size, "application/jsonl");
        try {
            counted.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (counted.lines() > limits.maxLines()) {
            deleteQuietly(key);
            throw ApiException.invalid("file", "too_many_lines",
                    "The file has " + counted.lines() + " lines; a batch input file takes at most " + limits.maxLines() + ".");
        }
        return new Stored(size, (int) counted.lines());
    }

    /** Removes a stored file; a store that fails leaves an orphan object, logged, never a failed request. */
    public void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.warnf("could not delete file object %s: %s", key, e.getMessage());
        }
    }
}
