package io.imagequeue.api.storage;

import io.imagequeue.api.config.ApiConfig;
import io.imagequeue.objectstore.ObjectStore;
import io.imagequeue.objectstore.ObjectStoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Makes the object store injectable. */
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(ApiConfig config) {
        ApiConfig.Storage storage = config.storage();
        return new ObjectStore(new ObjectStoreSettings(
                storage.endpoint(), storage.accessKey(), storage.secretKey(), storage.bucket(), storage.region()));
    }

    void close(@Disposes ObjectStore store) throws Exception {
        store.close();
    }
}
