package io.imagequeue.worker.catalog;

import io.imagequeue.model.catalog.ModelCatalog;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The model catalog, loaded once. */
public class CatalogProducer {

    @Produces
    @Singleton
    ModelCatalog catalog() {
        return ModelCatalog.loadDefault();
    }
}
