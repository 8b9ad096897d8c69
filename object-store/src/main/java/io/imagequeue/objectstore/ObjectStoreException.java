package io.imagequeue.objectstore;

/** The object store could not be reached or refused an operation; callers treat it as retryable. */
public class ObjectStoreException extends RuntimeException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
