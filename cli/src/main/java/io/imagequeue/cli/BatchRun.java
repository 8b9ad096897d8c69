package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends the lines of a prompt file as batch-priority async tasks and fills the output folder. At most
 * {@code window} tasks are out at once; a 429 or 503 pauses submitting for the server's Retry-After.
 * Every step is journaled in {@link RunState} before the next, so a re-run picks up where this one
 * stopped and sends nothing twice.
 */
final class BatchRun {

    static final String ENDPOINT = "/v1/images/generations";
    private static final long IDLE_MILLIS = 400;
    private static final int MAX_TRANSIENT_TRIES = 8;

    private final ApiClient api;
    private final RunState state;
    private final List<PromptLine> lines;
    private final Map<String, Object> defaults;
    private final Path outDir;
    private final RunReporter reporter;
    private final int window;
    private final ImageFiles images;
    private final Map<String, Integer> transientFailures = new LinkedHashMap<>();

    BatchRun(ApiClient api, RunState state, List<PromptLine> lines, Map<String, Object> defaults, Path outDir,
             RunReporter reporter, int window) {
        this.api = api;
        this.state = state;
        this.lines = lines;
        this.defaults = defaults;
        this.outDir = outDir;
        this.reporter = reporter;
        this.window = window;
        this.images = new ImageFiles(api);
    }

    /** The request a line sends: the command's defaults, the line's own fields, then async batch. */
    static ObjectNode requestBody(PromptLine line, Map<String, Object> defaults) {
        Map<String, Object> body = new LinkedHashMap<>(defaults);
        body.putAll(line.fields());
        body.put("async", true);
        body.put("priority", "batch");
        return Json.MAPPER.valueToTree(body);
    }

    /** Runs until every line finished; answers the lines that failed. */
    List<PromptLine> execute() throws InterruptedException {
        Deque<PromptLine> pending = new ArrayDeque<>();
        List<PromptLine> outstanding = new ArrayList<>();
        int done = 0;
        int failed = 0;
        for (PromptLine line : lines) {
            RunState.Item item = state.item(line.customId());
            switch (item.status()) {
                case PENDING -> pending.add(line);
                case SUBMITTED -> outstanding.add(line);
                case SUCCEEDED -> done++;
                case FAILED -> failed++;
            }
        }
        reporter.start(lines.size(), done, failed);
        long pausedUntil = 0;
        while (!pending.isEmpty() || !outstanding.isEmpty()) {
            boolean progressed = false;
            while (!pending.isEmpty() && outstanding.size() < window && System.currentTimeMillis() >= pausedUntil) {
                PromptLine line = pending.peek();
                Submission result = submit(line);
                if (result.pauseMillis > 0) {
                    pausedUntil = System.currentTimeMillis() + result.pauseMillis;
                    break;
                }
                pending.poll();
                progressed = true;
                if (result.taskAddress != null) {
                    outstanding.add(line);
                }
            }
            for (PromptLine line : List.copyOf(outstanding)) {
                if (check(line)) {
                    outstanding.remove(line);
                    progressed = true;
                }
            }
            if (!progressed) {
                Thread.sleep(IDLE_MILLIS);
            }
        }
        return lines.stream().filter(line -> state.item(line.customId()).status() == RunState.Status.FAILED).toList();
    }

    private record Submission(String taskAddress, long pauseMillis) {
    }

    private Submission submit(PromptLine line) {
        ApiResponse response = api.post(ENDPOINT, requestBody(line, defaults),
                Map.of("Idempotency-Key", state.idempotencyKey(line.customId())));
        if (response.ok() && Json.text(response.body(), "task_address") != null) {
            String address = Json.text(response.body(), "task_address");
            state.submitted(line.customId(), address);
            return new Submission(address, 0);
        }
        int status = response.status();
        if (status == 429 || status == 503) {
            return new Submission(null, response.retryAfterSeconds(1) * 1000);
        }
        if (status == 401 || status == 402 || status == 403) {
            // Every other line would fail the same way: stop, keep the state, say what to fix.
            throw ApiFailures.of(response, api.baseUrl());
        }
        if (status == 404 && !line.fields().containsKey("model") && response.error() != null
                && "model_not_found".equals(Json.text(response.error(), "code"))) {
            throw ApiFailures.of(response, api.baseUrl());
        }
        if (response.error() == null || status >= 500) {
            int tries = transientFailures.merge(line.customId(), 1, Integer::sum);
            if (tries < MAX_TRANSIENT_TRIES) {
                return new Submission(null, Math.min(30_000, 500L << tries));
            }
        }
        String error = ApiFailures.sentence(response, api.baseUrl());
        state.failed(line.customId(), error);
        reporter.failed(line, error);
        return new Submission(null, 0);
    }

    /** Polls a submitted line's task; saves its images when it succeeded. Answers whether it finished. */
    private boolean check(PromptLine line) {
        String address = state.item(line.customId()).taskAddress();
        ApiResponse response = api.get("/v2/tasks/" + address);
        if (!response.ok()) {
            if (response.status() == 404 && response.error() != null) {
                return fail(line, "Its task " + address + " no longer exists on the server.");
            }
            return false; // 429 or a passing server error: ask again next round
        }
        JsonNode task = response.body();
        String status = Json.text(task, "status");
        if ("succeeded".equals(status)) {
            List<String> files = images.saveAll(task.get("result"), outDir, line.customId());
            if (files.isEmpty()) {
                return fail(line, "Its task " + address + " succeeded without images.");
            }
            state.succeeded(line.customId(), files);
            reporter.succeeded(line, address, files);
            return true;
        }
        if ("failed".equals(status) || "canceled".equals(status) || "expired".equals(status)) {
            JsonNode error = task.path("error");
            String message = error.hasNonNull("message") ? error.get("message").asText() : "the task was " + status + ".";
            return fail(line, "Its task " + address + " " + ("failed".equals(status) ? "failed: " + message : "was " + status + "."));
        }
        return false;
    }

    private boolean fail(PromptLine line, String error) {
        state.failed(line.customId(), error);
        reporter.failed(line, error);
        return true;
    }
}
