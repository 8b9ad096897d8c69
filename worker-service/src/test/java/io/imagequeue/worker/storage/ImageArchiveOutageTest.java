package io.imagequeue.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.imagequeue.objectstore.ObjectStore;
import io.imagequeue.objectstore.ObjectStoreException;
import io.imagequeue.objectstore.ObjectStoreSettings;
import io.imagequeue.testinfra.S3Server;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.TestImages;
import io.imagequeue.worker.tasks.ClaimedTask;
import io.imagequeue.worker.tasks.StoredImageRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploads while the object store is down, against a real S3 server (s3proxy) that the test stops and
 * starts again with the same port and data: an upload waits for the store within its retry window,
 * and gives up with an {@link ObjectStoreException} (which the task processor retries as a new
 * attempt) only when the window or the task's deadline is over.
 */
class ImageArchiveOutageTest {

    private static S3Server s3;
    private static ObjectStore store;

    @BeforeAll
    static void startStore() {
        s3 = S3Server.persistent().start();
        store = new ObjectStore(new ObjectStoreSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "archive-test",
                s3.region()));
        store.ensureBucket();
    }

    @AfterAll
    static void stopStore() throws Exception {
        store.close();
        s3.close();
    }

    @AfterEach
    void storeRunsAgain() {
        s3.start();
    }

    @Test
    void anUploadWaitsForTheStoreAndCompletesOnceItIsBack() throws Exception {
        ImageArchive archive = new ImageArchive(store, new StoreRetries(Duration.ofMinutes(5), Duration.ofMillis(100),
                Duration.ofSeconds(1)));
        byte[] png = TestImages.png(32, 16);
        s3.stop();

        CompletableFuture<List<StoredImageRef>> upload = archive
                .store(task("tsk_outage_1", Duration.ofMinutes(10)), List.of(new GeneratedImage(png, "image/png", null)))
                .subscribeAsCompletionStage();
        // While the store is down the upload cannot have completed, whatever the machine's speed.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> !upload.isDone());
        s3.start();

        List<StoredImageRef> stored = await().atMost(Duration.ofSeconds(60)).until(() -> upload.getNow(null), r -> r != null);
        assertThat(stored).singleElement().satisfies(image -> {
            assertThat(image.objectKey()).isEqualTo("tenants/tenant-a/tasks/tsk_outage_1/output-a1-0.png");
            assertThat(image.width()).isEqualTo(32);
            assertThat(image.height()).isEqualTo(16);
        });
        assertThat(store.read(stored.get(0).objectKey())).isEqualTo(png);
    }

    @Test
    void anUploadGivesUpWithAStoreFailureWhenTheWindowIsOver() {
        ImageArchive archive = new ImageArchive(store, new StoreRetries(Duration.ofSeconds(1), Duration.ofMillis(100),
                Duration.ofMillis(200)));
        s3.stop();

        CompletableFuture<List<StoredImageRef>> upload = archive
                .store(task("tsk_outage_2", Duration.ofMinutes(10)), List.of(new GeneratedImage(TestImages.png(8, 8), "image/png", null)))
                .subscribeAsCompletionStage();

        assertThat(failureOf(upload)).isInstanceOf(ObjectStoreException.class);
    }

    @Test
    void anUploadNeverWaitsPastTheTasksDeadline() {
        ImageArchive archive = new ImageArchive(store, new StoreRetries(Duration.ofHours(1), Duration.ofMillis(100),
                Duration.ofMillis(200)));
        s3.stop();

        CompletableFuture<List<StoredImageRef>> upload = archive
                .store(task("tsk_outage_3", Duration.ofSeconds(1)), List.of(new GeneratedImage(TestImages.png(8, 8), "image/png", null)))
                .subscribeAsCompletionStage();

        // failureOf waits at most 60 s: far less than the hour-long window, so the deadline is what ended it
        assertThat(failureOf(upload)).isInstanceOf(ObjectStoreException.class);
    }

    @Test
    void inputImagesAreReadOnceTheStoreIsBack() throws Exception {
        byte[] input = TestImages.png(4, 4);
        store.put("tenants/tenant-a/tasks/tsk_outage_4/input-0.png", input, "image/png");
        ImageArchive archive = new ImageArchive(store, new StoreRetries(Duration.ofMinutes(5), Duration.ofMillis(100),
                Duration.ofSeconds(1)));
        s3.stop();

        CompletableFuture<ImageArchive.InputImages> read = archive
                .loadInputs(List.of("tenants/tenant-a/tasks/tsk_outage_4/input-0.png"), null).subscribeAsCompletionStage();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> !read.isDone());
        s3.start();

        ImageArchive.InputImages inputs = await().atMost(Duration.ofSeconds(60)).until(() -> read.getNow(null), r -> r != null);
        assertThat(inputs.images()).containsExactly(input);
        assertThat(inputs.mask()).isNull();
    }

    @Test
    void onlyStoreFailuresAreRetried() {
        AtomicInteger tries = new AtomicInteger();
        StoreRetries retries = new StoreRetries(Duration.ofMinutes(5), Duration.ofMillis(10), Duration.ofMillis(10));

        CompletableFuture<Object> bug = retries.run("a bug", () -> {
            tries.incrementAndGet();
            throw new IllegalStateException("not a store failure");
        }, Long.MAX_VALUE).subscribeAsCompletionStage();

        assertThat(failureOf(bug)).isInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        StoreRetries retries = new StoreRetries(Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(5));

        assertThat(List.of(1, 2, 3, 4, 5, 6, 60).stream().map(retries::backoff).toList()).containsExactly(
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static ClaimedTask task(String id, Duration untilDeadline) {
        long now = System.currentTimeMillis();
        return new ClaimedTask(id, "tenant-a", "black-forest-labs/FLUX-2-pro", "interactive", 1, 5, "{}",
                now + untilDeadline.toMillis(), now);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        await().atMost(Duration.ofSeconds(60)).until(future::isDone);
        try {
            future.get();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("expected a failure, got " + future.join());
    }
}
