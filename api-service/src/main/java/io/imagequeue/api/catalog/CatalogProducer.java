package io.imagequeue.api.catalog;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.request.RequestValidator;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The model catalog and the validator built on it, loaded once. */
public class CatalogProducer {

    @Produces
    @Singleton
    ModelCatalog catalog() {
        return ModelCatalog.loadDefault();
    }

    @Produces
    @Singleton
    RequestValidator validator(ModelCatalog catalog) {
        return new RequestValidator(catalog);
    }
}
