package io.imagequeue.simulator.automatic1111;

import io.imagequeue.simulator.http.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server-global job state behind {@code GET /sdapi/v1/progress}: A1111 runs one job at a time, so there is
 * exactly one current job (or none). The answer is computed as {@code modules/api/api.py progressapi} does it:
 * {@code 0.01 + job_no / job_count + sampling_step / sampling_steps / job_count}, capped at 1, with
 * {@code eta_relative} extrapolated from the time since the job began; an idle server answers
 * {@code progress 0, eta_relative 0} with {@code job_count 0}. Here the sampler's steps advance evenly over the
 * job's simulated latency, {@code job_count} is the request's {@code n_iter}, and {@code current_task} is the
 * request's {@code force_task_id} (or a generated {@code task(txt2img-...)} id) while the job runs.
 */
final class ProgressState {

    private static final DateTimeFormatter JOB_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** One job as {@code begin} sees it: {@code job} is A1111's job name, e.g. {@code scripts_txt2img}. */
    record Job(String job, String taskId, int steps, int batches) {
    }

    // A lock rather than synchronized/wait, so a waiting virtual thread never pins its carrier (JDK 21).
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition interruptedSignal = lock.newCondition();
    private long startedAtMs;
    private long latencyMs;
    private Job current;
    private boolean running;
    private boolean interrupted;
    private String jobTimestamp = "0";
    private int lastJobNo;
    private int lastStep;
    private int lastSteps;

    void begin(long nowMs, long latencyMs, Job job) {
        lock.lock();
        try {
            this.startedAtMs = nowMs;
            this.latencyMs = latencyMs;
            this.current = new Job(job.job(), job.taskId(), Math.max(1, job.steps()), Math.max(1, job.batches()));
            this.running = true;
            this.interrupted = false;
            this.jobTimestamp = JOB_TIMESTAMP.format(Instant.ofEpochMilli(nowMs));
        } finally {
            lock.unlock();
        }
    }

    void end(long nowMs) {
        lock.lock();
        try {
            if (running) {
                int done = stepsDone(nowMs);
                lastJobNo = done / current.steps();
                lastStep = done % current.steps();
                lastSteps = current.steps();
            }
            running = false;
        } finally {
            lock.unlock();
        }
    }

    void interrupt() {
        lock.lock();
        try {
            if (running) {
                interrupted = true;
                interruptedSignal.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the job's latency unless interrupted (then returns early, like A1111's partial result). */
    void awaitCompletion(long nowMs) throws InterruptedException {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(nowMs + latencyMs - System.currentTimeMillis());
            while (!interrupted && remaining > 0) {
                remaining = interruptedSignal.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    Map<String, Object> toJson(long nowMs) {
        lock.lock();
        try {
            return running ? describeRunning(nowMs) : describeIdle();
        } finally {
            lock.unlock();
        }
    }

    /** Sampler steps finished over all batches; the last one finishes only when the job ends. */
    private int stepsDone(long nowMs) {
        int total = current.steps() * current.batches();
        if (latencyMs <= 0) {
            return 0;
        }
        double share = Math.max(0, Math.min(1, (double) (nowMs - startedAtMs) / latencyMs));
        return Math.min(total - 1, (int) Math.floor(share * total));
    }

    private Map<String, Object> describeRunning(long nowMs) {
        int done = stepsDone(nowMs);
        int jobNo = done / current.steps();
        int step = done % current.steps();
        double progress = Math.min(1.0, 0.01 + (double) jobNo / current.batches()
                + 1.0 / current.batches() * step / current.steps());
        double sinceStart = Math.max(0, nowMs - startedAtMs) / 1000.0;
        double etaRelative = sinceStart / progress - sinceStart;
        return answer(progress, etaRelative, state(current.job(), current.batches(), jobNo, step, current.steps()),
                current.taskId());
    }

    private Map<String, Object> describeIdle() {
        return answer(0, 0, state("", 0, lastJobNo, lastStep, lastSteps), null);
    }

    private Map<String, Object> state(String job, int jobCount, int jobNo, int step, int steps) {
        return Json.obj("skipped", false, "interrupted", interrupted, "stopping_generation", false,
                "job", job, "job_count", jobCount, "job_timestamp", jobTimestamp, "job_no", jobNo,
                "sampling_step", step, "sampling_steps", steps);
    }

    private static Map<String, Object> answer(double progress, double etaRelative, Map<String, Object> state,
                                              String currentTask) {
        return Json.obj("progress", progress, "eta_relative", etaRelative, "state", state,
                "current_image", null, "textinfo", null, "current_task", currentTask);
    }
}
