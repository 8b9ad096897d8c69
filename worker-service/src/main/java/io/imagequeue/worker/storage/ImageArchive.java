package io.imagequeue.worker.storage;

import io.imagequeue.objectstore.ObjectStore;
import io.imagequeue.objectstore.ObjectStoreException;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.tasks.ClaimedTask;
import io.imagequeue.worker.tasks.StoredImageRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Copies generated images into the object store under {@code tenants/<tenant>/tasks/<task>/}. Keys
 * carry the attempt, so a retried attempt never overwrites what an earlier one stored.
 *
 * <p>While the store does not answer, uploads and input reads are retried in place
 * ({@link StoreRetries}, {@code imagequeue.storage.retry-*}) up to the task's deadline: a short outage
 * costs the task neither an attempt nor a second provider call. Only when the window is over does
 * the {@link ObjectStoreException} reach the caller, which then retries the task as a new attempt.
 */
@ApplicationScoped
public class ImageArchive {

    private final ObjectStore store;
    private final StoreRetries retries;

    @Inject
    public ImageArchive(ObjectStore store, WorkerConfig config) {
        this(store, new StoreRetries(config.storage().retryWindow(), config.storage().retryInitialBackoff(),
                config.storage().retryMaxBackoff()));
    }

    ImageArchive(ObjectStore store, StoreRetries retries) {
        this.store = store;
        this.retries = retries;
    }

    public static String taskPrefix(String tenantId, String taskId) {
        return "tenants/" + tenantId + "/tasks/" + taskId + "/";
    }

    /**
     * Uploads the images of the task's current attempt. Fails with an {@link ObjectStoreException}
     * only once the store has not answered for the whole retry window (or until the task's deadline).
     */
    public Uni<List<StoredImageRef>> store(ClaimedTask task, List<GeneratedImage> images) {
        return retries.run("task " + task.id() + " upload", () -> {
            List<StoredImageRef> stored = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                GeneratedImage image = images.get(i);
                String key = taskPrefix(task.tenantId(), task.id())
                        + "output-a" + task.attempt() + "-" + i + extension(image.contentType());
                store.put(key, image.bytes(), image.contentType());
                int[] size = dimensions(image.bytes());
                stored.add(new StoredImageRef(i, key, image.contentType(), size == null ? null : size[0],
                        size == null ? null : size[1], image.bytes().length, image.revisedPrompt()));
            }
            return stored;
        }, task.deadlineEpochMillis());
    }

    /** The bytes of a task's uploaded input images, in request order, and of its mask (or null). */
    public record InputImages(List<byte[]> images, byte[] mask) {
        public static final InputImages NONE = new InputImages(List.of(), null);
    }

    /**
     * Reads the input images the API stored for a task before queueing it; no I/O when there are none.
     * Retried like an upload while the store does not answer, within the retry window.
     */
    public Uni<InputImages> loadInputs(List<String> imageKeys, String maskKey) {
        if (imageKeys.isEmpty() && maskKey == null) {
            return Uni.createFrom().item(InputImages.NONE);
        }
        return retries.run("input images", () -> new InputImages(imageKeys.stream().map(store::read).toList(),
                maskKey == null ? null : store.read(maskKey)), Long.MAX_VALUE);
    }

    /** Removes images of an attempt whose result was discarded (canceled task, lost lease). */
    public Uni<Void> discard(List<StoredImageRef> images) {
        return Uni.createFrom().item(() -> {
            images.forEach(image -> store.delete(image.objectKey()));
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> ".jpg";
            case "image/webp" -> ".webp";
            default -> ".png";
        };
    }

    /** Reads width and height from the image header without decoding the pixels. */
    private static int[] dimensions(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            return null;
        }
    }
}
