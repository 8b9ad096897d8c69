package io.imagequeue.worker.storage;

import io.imagequeue.objectstore.ObjectStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the object store's bucket at the worker's start-up when it is missing. */
@ApplicationScoped
public class BucketAtStartup {

    private static final Logger LOG = Logger.getLogger(BucketAtStartup.class);

    void ensureBucket(@Observes StartupEvent start, ObjectStore store) {
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            // Not fatal: tasks retry their uploads, and readiness reports the store as down.
            LOG.warnf("object store not ready at start-up: %s", e.getMessage());
        }
    }
}
