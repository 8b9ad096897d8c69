package io.imagequeue.worker.storage;

import io.imagequeue.objectstore.ObjectStore;
import io.imagequeue.objectstore.ObjectStoreSettings;
import io.imagequeue.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Makes the object store injectable, and creates its bucket at start-up when it is missing. */
public class ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(WorkerConfig config) {
        WorkerConfig.Storage storage = config.storage();
        return new ObjectStore(new ObjectStoreSettings(
                storage.endpoint(), storage.accessKey(), storage.secretKey(), storage.bucket(), storage.region()));
    }

    void ensureBucket(@Observes StartupEvent start, ObjectStore store) {
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            // Not fatal: tasks retry their uploads, and readiness reports the store as down.
            LOG.warnf("object store not ready at start-up: %s", e.getMessage());
        }
    }

    void close(@Disposes ObjectStore store) throws Exception {
        store.close();
    }
}
