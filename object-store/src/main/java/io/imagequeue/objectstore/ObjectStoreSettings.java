package io.imagequeue.objectstore;

/** Where the object store is and how to sign requests to it. */
public record ObjectStoreSettings(String endpoint, String accessKey, String secretKey, String bucket, String region) {
}
