package io.imagequeue.api.inputs;

import io.imagequeue.objectstore.ObjectStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Puts a request's checked input images into the object store under the task's folder,
 * {@code tenants/<tenant>/tasks/<task>/input-<i>.<ext>} (the mask as {@code mask.<ext>}), so the
 * queue and the task row carry keys, never bytes. Blocking.
 */
@ApplicationScoped
public class InputImageStore {

    private static final Logger LOG = Logger.getLogger(InputImageStore.class);

    private final ObjectStore store;

    public InputImageStore(ObjectStore store) {
        this.store = store;
    }

    /** The API may take uploads before any worker has started and created the bucket. */
    void ensureBucket(@Observes StartupEvent start) {
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warnf("object store not ready at start-up: %s", e.getMessage());
        }
    }

    public static String folder(String tenantId, String taskId) {
        return "tenants/" + tenantId + "/tasks/" + taskId + "/";
    }

    public String putInput(String tenantId, String taskId, int index, InspectedImage image) {
        return put(folder(tenantId, taskId) + "input-" + index + "." + image.type().extension(), image);
    }

    public String putMask(String tenantId, String taskId, InspectedImage mask) {
        return put(folder(tenantId, taskId) + "mask." + mask.type().extension(), mask);
    }

    /** Removes inputs that no task will read (the submission failed or replayed an earlier task). */
    public void deleteQuietly(List<String> keys) {
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                LOG.warnf("could not delete unused input %s: %s", key, e.getMessage());
            }
        }
    }

    private String put(String key, InspectedImage image) {
        store.put(key, image.bytes(), image.type().contentType());
        return key;
    }
}
