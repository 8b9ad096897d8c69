package io.imagequeue.api.media;

import io.imagequeue.api.tasks.StoredImage;
import io.imagequeue.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The copy of a generated image to hand out: the stored one when it already has the asked
 * {@code output_format}, else a converted copy kept beside it in the task's folder
 * ({@code output-a1-0.as-jpeg-q80.jpg}), made on the first read and reused after, so polling a
 * task never re-encodes. Retention deletes it with the task's folder. Blocking.
 */
@ApplicationScoped
public class DeliveredImages {

    private static final Logger LOG = Logger.getLogger(DeliveredImages.class);

    private final ObjectStore store;

    public DeliveredImages(ObjectStore store) {
        this.store = store;
    }

    /**
     * @param wanted the asked format, or null to hand out what is stored
     * @param compression {@code output_compression}, or null
     */
    public StoredImage inFormat(StoredImage image, ImageType wanted, Integer compression) {
        Optional<ImageType> stored = ImageType.fromContentType(image.contentType());
        if (wanted == null || stored.isEmpty() || stored.get() == wanted) {
            return image;
        }
        String key = convertedKey(image.objectKey(), wanted, compression);
        StoredImage converted = new StoredImage(image.index(), key, wanted.contentType(), image.revisedPrompt());
        if (store.exists(key)) {
            return converted;
        }
        Optional<byte[]> bytes = ImageConverter.convert(store.read(image.objectKey()), wanted, compression);
        if (bytes.isEmpty()) {
            LOG.warnf("cannot convert %s (%s) to %s; handing out the stored format", image.objectKey(),
                    image.contentType(), wanted.wire());
            return image;
        }
        store.put(key, bytes.get(), wanted.contentType());
        return converted;
    }

    static String convertedKey(String key, ImageType wanted, Integer compression) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        String stem = dot > slash ? key.substring(0, dot) : key;
        String quality = compression == null || wanted == ImageType.PNG ? "" : "-q" + compression;
        return stem + ".as-" + wanted.wire() + quality + "." + wanted.extension();
    }
}
