package io.imagequeue.worker.storage;

import io.imagequeue.objectstore.ObjectStore;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.tasks.ClaimedTask;
import io.imagequeue.worker.tasks.StoredImageRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
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
 */
@ApplicationScoped
public class ImageArchive {

    private final ObjectStore store;

    public ImageArchive(ObjectStore store) {
        this.store = store;
    }

    public static String taskPrefix(String tenantId, String taskId) {
        return "tenants/" + tenantId + "/tasks/" + taskId + "/";
    }

    public Uni<List<StoredImageRef>> store(ClaimedTask task, List<GeneratedImage> images) {
        return Uni.createFrom().item(() -> {
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
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The bytes of a task's uploaded input images, in request order, and of its mask (or null). */
    public record InputImages(List<byte[]> images, byte[] mask) {
        public static final InputImages NONE = new InputImages(List.of(), null);
    }

    /** Reads the input images the API stored for a task before queueing it; no I/O when there are none. */
    public Uni<InputImages> loadInputs(List<String> imageKeys, String maskKey) {
        if (imageKeys.isEmpty() && maskKey == null) {
            return Uni.createFrom().item(InputImages.NONE);
        }
        return Uni.createFrom().item(() -> new InputImages(imageKeys.stream().map(store::read).toList(),
                        maskKey == null ? null : store.read(maskKey)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
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
