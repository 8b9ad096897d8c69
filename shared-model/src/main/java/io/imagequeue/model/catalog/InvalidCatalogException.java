package io.imagequeue.model.catalog;

/** Thrown when the model catalog cannot be read or is inconsistent, so a service refuses to start. */
public class InvalidCatalogException extends RuntimeException {

    public InvalidCatalogException(String message) {
        super(message);
    }

    public InvalidCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
