package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.system.Outcomes.TaskOutcome;
import io.imagequeue.testinfra.S3Server;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The object store down in the middle of a run (issue 5, item 10). A task whose images cannot be
 * stored keeps its provider result, its attempt and its lease and retries the upload until the store
 * is back; it is never {@code succeeded} without its images. Readiness reports the store down and up
 * again. Nothing is lost, no attempt is sent upstream twice, nothing is charged twice, failures are
 * never charged.
 *
 * <p>The stack gets a store of its own (kept on disk across the restart), so stopping it disturbs no
 * other test class.
 */
class StorageOutageIT {

    /**
     * Long enough for tasks called after the stop to reach their upload; inside the workers' 2-minute
     * retry window. The fault suite ({@code -Pfault-suite}) makes it 75 s.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("imagequeue.storage-outage.it.seconds", 20));
    private static final FaultTable REPORT = new FaultTable();
    private static S3Server storage;
    private static Stack stack;
    private static Tasks tasks;
    private static SimulatorCalls calls;

    @BeforeAll
    static void startStack() {
        storage = S3Server.persistent().start();
        stack = Stack.start(2, Map.of(), storage);
        tasks = new Tasks(new Http(stack.apiUrl(), Stack.API_KEY));
        calls = new SimulatorCalls(stack.simulatorUrl());
    }

    @AfterAll
    static void stopStack() {
        System.out.println(REPORT.render());
        if (stack != null) {
            stack.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void tasksWaitForTheStoreAndSucceedWithTheirImagesOnceItIsBack() {
        String apiReady = stack.apiUrl() + "/q/health/ready";
        String workerReady = stack.workerUrl(stack.workers().get(0)) + "/q/health/ready";
        Map<String, String> submitted;
        Set<String> expectedFailures;
        long stoppedAt;
        long restartedAt;
        AtomicBoolean apiNotReadyWhileDown = new AtomicBoolean();
        AtomicBoolean workerNotReadyWhileDown = new AtomicBoolean();
        try (Load load = Load.start(tasks, "s3", Duration.ofMillis(300), 1000, 10)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.submitted() >= 15);

            stoppedAt = System.currentTimeMillis();
            storage.stop();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    apiNotReadyWhileDown.compareAndSet(false, Http.status(apiReady) == 503);
                    workerNotReadyWhileDown.compareAndSet(false, Http.status(workerReady) == 503);
                    return apiNotReadyWhileDown.get() && workerNotReadyWhileDown.get();
                });
            } catch (org.awaitility.core.ConditionTimeoutException stillReady) {
                // asserted below, once the store is back
            }
            sleepUntil(stoppedAt + OUTAGE.toMillis());
            restartedAt = System.currentTimeMillis();
            storage.start();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Http.status(apiReady) == 200 && Http.status(workerReady) == 200);
            int before = load.submitted();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.submitted() >= before + 10);
            submitted = load.stop();
            expectedFailures = load.expectedFailures();
        }
        Outcomes.awaitTerminal(stack.infrastructure().postgres(), submitted.keySet(), Duration.ofSeconds(180));
        List<TaskOutcome> outcomes = Outcomes.read(stack.infrastructure().postgres(), calls, "bfl", submitted);
        REPORT.add(Outcomes.row("S3 down " + OUTAGE.toSeconds() + " s under load (2 workers)", outcomes,
                expectedFailures));

        assertThat(apiNotReadyWhileDown).as("the API's readiness reports the store down").isTrue();
        assertThat(workerNotReadyWhileDown).as("a worker's readiness reports the store down").isTrue();
        assertThat(outcomes).as("every task ends; none is lost").allSatisfy(o -> assertThat(o.terminal()).isTrue());
        Map<String, List<Long>> callTimes = calls.generationTimesByTag("bfl");
        long calledWhileDown = submitted.values().stream()
                .filter(tag -> callTimes.getOrDefault(tag, List.of()).stream().anyMatch(t -> t >= stoppedAt && t < restartedAt))
                .count();
        assertThat(calledWhileDown).as("tasks were sent upstream while the store was down, so they reached the upload step")
                .isPositive();

        for (TaskOutcome task : outcomes) {
            if (expectedFailures.contains(task.address())) {
                assertThat(task.status()).as("%s asked for output moderation", task.address()).isEqualTo("failed");
                assertThat(task.charges()).as("a failed task is never charged: %s", task).isZero();
                assertThat(task.releases()).as("a failed task gets its reservation back: %s", task).isEqualTo(1);
            } else {
                assertThat(task.status()).as("%s outlives a short storage outage", task).isEqualTo("succeeded");
                assertThat(task.charges()).as("a succeeded task is charged exactly once: %s", task).isEqualTo(1);
                assertThat(task.images()).as("a succeeded task has its images recorded: %s", task).isPositive();
            }
            assertThat(task.attempts()).as("a short outage spends no attempt: %s", task).isEqualTo(1);
            assertThat(task.providerCalls()).as("one provider call per attempt, never two: %s", task)
                    .isBetween(1L, (long) task.attempts());
        }
        List<String> succeeded = outcomes.stream().filter(o -> o.status().equals("succeeded")).map(TaskOutcome::address).toList();
        assertThat(succeeded).as("every succeeded task's images really are in the store and decode")
                .allSatisfy(StorageOutageIT::assertImagesDecode);
    }

    /** Fetches the task as a client does: the API reads each image back from the store. */
    private static void assertImagesDecode(String address) {
        JsonNode task = tasks.get(address);
        JsonNode images = task.at("/result/images");
        assertThat(images.isArray() && !images.isEmpty()).as("images of %s: %s", address, task).isTrue();
        List<BufferedImage> decoded = new ArrayList<>();
        for (JsonNode image : images) {
            byte[] bytes = Base64.getDecoder().decode(image.asText());
            assertThat(bytes).as("an image of %s", address).isNotEmpty();
            try {
                decoded.add(ImageIO.read(new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(decoded).as("images of %s decode as 64x64 pictures", address)
                .allSatisfy(image -> {
                    assertThat(image).isNotNull();
                    assertThat(image.getWidth()).isEqualTo(64);
                    assertThat(image.getHeight()).isEqualTo(64);
                });
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
