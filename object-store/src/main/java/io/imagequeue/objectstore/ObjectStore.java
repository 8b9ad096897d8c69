package io.imagequeue.objectstore;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;

/**
 * Blocking access to one bucket of an S3-compatible object store; never call it on an event loop.
 */
public final class ObjectStore implements AutoCloseable {

    private final MinioClient client;
    private final String bucket;

    public ObjectStore(ObjectStoreSettings settings) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
        this.bucket = settings.bucket();
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket when it does not exist yet; safe to call from several processes at once. */
    public void ensureBucket() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    public void put(String key, byte[] bytes, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                .contentType(contentType)
                .build()));
    }

    /** Streams {@code size} bytes from {@code in} to the store, never holding them whole in memory. */
    public void put(String key, InputStream in, long size, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(in, size, -1L)
                .contentType(contentType)
                .build()));
    }

    /** The object's bytes as a stream the caller must close; for objects too large to read whole. */
    public InputStream open(String key) {
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    public byte[] read(String key) {
        return call(() -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    /** Whether the object exists; a store that cannot answer is an {@link ObjectStoreException}. */
    public boolean exists(String key) {
        return call(() -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    public String presignedGetUrl(String key, Duration validFor) {
        return call(() -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Http.Method.GET)
                .bucket(bucket)
                .object(key)
                .expiry((int) validFor.toSeconds())
                .build()));
    }

    public void delete(String key) {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** True when the store answers a bucket lookup: what readiness checks ask. */
    public boolean isReachable() {
        try {
            client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
    }

    private static <T> T call(StoreCall<T> call) {
        try {
            return call.run();
        } catch (ObjectStoreException e) {
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }
}
