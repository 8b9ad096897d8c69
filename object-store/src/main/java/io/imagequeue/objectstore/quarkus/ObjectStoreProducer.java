package io.imagequeue.objectstore.quarkus;

import io.imagequeue.objectstore.ObjectStore;
import io.imagequeue.objectstore.ObjectStoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the object store injectable in both services, from {@code imagequeue.storage.*} (the same
 * settings each service's own configuration also describes).
 */
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(@ConfigProperty(name = "imagequeue.storage.endpoint") String endpoint,
                            @ConfigProperty(name = "imagequeue.storage.access-key") String accessKey,
                            @ConfigProperty(name = "imagequeue.storage.secret-key") String secretKey,
                            @ConfigProperty(name = "imagequeue.storage.bucket", defaultValue = "imagequeue") String bucket,
                            @ConfigProperty(name = "imagequeue.storage.region", defaultValue = "us-east-1") String region) {
        return new ObjectStore(new ObjectStoreSettings(endpoint, accessKey, secretKey, bucket, region));
    }

    void close(@Disposes ObjectStore store) throws Exception {
        store.close();
    }
}
