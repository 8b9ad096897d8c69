package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.imagequeue.system.Outcomes.TaskOutcome;
import io.imagequeue.testinfra.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Workers replaced under load, as a Kubernetes rolling update replaces pods (one surge pod, none
 * unavailable): a replacement starts and is ready before an old worker gets SIGTERM. The old worker
 * drains (finishes its calls in flight, leaves the jobs it had not started to Kafka) and exits 0
 * within the grace period. Tasks arrive all along; every one succeeds, none is lost, no attempt is
 * sent upstream twice, none is charged twice. A variant loses a worker to SIGKILL mid-run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingRestartIT {

    /** What a worker told to stop may spend finishing its calls: far more than a call takes here. */
    private static final Duration DRAIN = Duration.ofSeconds(20);
    /** The pod's termination grace period: above the drain, as {@code k8s/} sets it. */
    private static final Duration GRACE = Duration.ofSeconds(45);
    /** How long each provider call takes; the fault suite ({@code -Pfault-suite}) makes it 10 s. */
    private static final int CALL_MILLIS = Integer.getInteger("imagequeue.rolling-restart.it.call-ms", 2000);
    private static final FaultTable REPORT = new FaultTable();
    private static Stack stack;
    private static Tasks tasks;
    private static SimulatorCalls calls;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(3, Map.of("IMAGEQUEUE_DISPATCH_DRAIN_TIMEOUT", "PT" + DRAIN.toSeconds() + "S"));
        tasks = new Tasks(new Http(stack.apiUrl(), Stack.API_KEY));
        calls = new SimulatorCalls(stack.simulatorUrl());
    }

    @AfterAll
    static void stopStack() {
        System.out.println(REPORT.render());
        if (stack != null) {
            stack.close();
        }
    }

    /** How one old worker went: its exit code, how long it took after SIGTERM, its calls in flight then. */
    record Stop(String worker, int exitCode, Duration took, int inFlightAtSigterm, String drainLog) {
    }

    @Test
    @Order(1)
    void everyWorkerIsReplacedOneAtATimeWithADrainAndNothingIsDoneTwice() {
        List<ManagedProcess> originals = List.copyOf(stack.workers());
        List<Stop> stops = new ArrayList<>();
        Map<String, String> submitted;
        try (Load load = Load.start(tasks, "rolling", Duration.ofMillis(250), CALL_MILLIS, 0)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.submitted() >= 20);
            for (ManagedProcess old : originals) {
                stack.addWorker();
                int inFlight = awaitCallsInFlight(old);
                long sigterm = System.nanoTime();
                int exitCode = old.terminate(GRACE);
                stops.add(new Stop(old.name(), exitCode, Duration.ofNanos(System.nanoTime() - sigterm), inFlight,
                        drainLines(old)));
            }
            int afterRollout = load.submitted();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.submitted() >= afterRollout + 10);
            submitted = load.stop();
        }
        Outcomes.awaitTerminal(stack.infrastructure().postgres(), submitted.keySet(), Duration.ofSeconds(180));
        List<TaskOutcome> outcomes = Outcomes.read(stack.infrastructure().postgres(), calls, "bfl", submitted);
        REPORT.add(Outcomes.row("rolling restart of 3 workers, SIGTERM, " + CALL_MILLIS / 1000 + " s calls", outcomes,
                Set.of()));
        stops.forEach(stop -> System.out.println("[rolling restart] " + stop));

        assertThat(stops).as("each old worker drained and exited cleanly within the grace period")
                .allSatisfy(stop -> {
                    assertThat(stop.exitCode()).as("%s exit code", stop.worker()).isZero();
                    assertThat(stop.took()).as("%s stop time", stop.worker()).isLessThan(GRACE);
                    assertThat(stop.inFlightAtSigterm()).as("%s had calls in flight when told to stop", stop.worker())
                            .isPositive();
                    assertThat(stop.drainLog()).as("%s finished its calls in flight", stop.worker())
                            .contains("drained: every task in flight finished");
                });
        assertThat(outcomes).as("every task ends; none is lost").allSatisfy(o -> assertThat(o.terminal()).isTrue());
        assertThat(outcomes).allSatisfy(task -> {
            assertThat(task.status()).as("%s", task).isEqualTo("succeeded");
            assertThat(task.attempts()).as("a drain spends no attempt: %s", task).isEqualTo(1);
            assertThat(task.providerCalls()).as("sent upstream exactly once: %s", task).isEqualTo(1);
            assertThat(task.charges()).as("charged exactly once: %s", task).isEqualTo(1);
            assertThat(task.images()).as("its images are recorded: %s", task).isPositive();
        });
    }

    @Test
    @Order(2)
    void aWorkerKilledMidRunIsReplacedAndItsTasksFinishElsewhere() {
        ManagedProcess victim = stack.workers().stream().filter(ManagedProcess::isAlive).findFirst().orElseThrow();
        Map<String, String> submitted;
        Set<String> orphaned;
        try (Load load = Load.start(tasks, "killed", Duration.ofMillis(250), CALL_MILLIS, 0)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.submitted() >= 20);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !Outcomes.leasedBy(stack.infrastructure().postgres(), victim.pid()).isEmpty());
            victim.kill();
            // read after the kill: a dead process changes nothing, so these are exactly the tasks it left running
            orphaned = Outcomes.leasedBy(stack.infrastructure().postgres(), victim.pid());
            stack.addWorker();
            int afterReplacement = load.submitted();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.submitted() >= afterReplacement + 10);
            submitted = load.stop();
        }
        Outcomes.awaitTerminal(stack.infrastructure().postgres(), submitted.keySet(), Duration.ofSeconds(180));
        List<TaskOutcome> outcomes = Outcomes.read(stack.infrastructure().postgres(), calls, "bfl", submitted);
        REPORT.add(Outcomes.row("worker SIGKILLed under load, replaced (3 workers)", outcomes, Set.of()));

        assertThat(outcomes).as("every task ends; none is lost").allSatisfy(o -> assertThat(o.terminal()).isTrue());
        assertThat(outcomes).allSatisfy(task -> {
            assertThat(task.status()).as("%s", task).isEqualTo("succeeded");
            // the killed worker may have claimed a task (an attempt) and died before calling: at most one call per attempt
            assertThat(task.providerCalls()).as("never two calls for one attempt: %s", task)
                    .isBetween(1L, (long) task.attempts());
            assertThat(task.charges()).as("charged exactly once: %s", task).isEqualTo(1);
        });
        assertThat(orphaned).as("the worker was killed holding tasks").isNotEmpty();
        assertThat(outcomes).as("the killed worker's tasks in flight were taken over by a new attempt")
                .filteredOn(task -> orphaned.contains(task.address()))
                .hasSize(orphaned.size())
                .allSatisfy(task -> assertThat(task.attempts()).as("%s", task).isEqualTo(2));
    }

    /** Waits until the worker holds calls in flight (so stopping it exercises the drain) and answers how many. */
    private static int awaitCallsInFlight(ManagedProcess worker) {
        String metrics = stack.workerUrl(worker) + "/q/metrics";
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> inFlight(Http.text(metrics)), n -> n > 0);
    }

    private static int inFlight(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("imagequeue_worker_in_flight_tasks"))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static String drainLines(ManagedProcess worker) {
        return String.join("\n", worker.log().lines().filter(line -> line.contains("drain")).toList());
    }
}
