package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run in an output folder has done so far, kept in {@code DIR/.imagequeue-run.jsonl}: a journal
 * whose first line holds the run id and every later line one event (submitted, succeeded, failed,
 * retried). Appending a line is all a step writes, so a crash or SIGKILL loses at most the event being
 * written (a torn last line is ignored on reading); the idempotency key, derived from the run id and the
 * custom_id, makes re-sending a lost submission return the task that was already made.
 */
public final class RunState implements AutoCloseable {

    public static final String FILE_NAME = ".imagequeue-run.jsonl";

    public enum Status { PENDING, SUBMITTED, SUCCEEDED, FAILED }

    /** One custom_id's progress. */
    public static final class Item {
        private Status status = Status.PENDING;
        private String taskAddress;
        private List<String> files = List.of();
        private String error;
        private int attempt = 1;

        public Status status() {
            return status;
        }

        public String taskAddress() {
            return taskAddress;
        }

        public List<String> files() {
            return files;
        }

        public String error() {
            return error;
        }

        public int attempt() {
            return attempt;
        }

        public boolean finished() {
            return status == Status.SUCCEEDED || status == Status.FAILED;
        }
    }

    private final Path file;
    private final String runId;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final OutputStream journal;

    private RunState(Path file, String runId, OutputStream journal) {
        this.file = file;
        this.runId = runId;
        this.journal = journal;
    }

    /** The folder's state: the one a previous run left, or a new run with a fresh id. */
    public static RunState open(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                return load(file);
            }
            String runId = newRunId();
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
            RunState state = new RunState(file, runId, out);
            ObjectNode header = Json.MAPPER.createObjectNode().put("run_id", runId).put("version", 1);
            state.append(header);
            return state;
        } catch (IOException e) {
            throw CliException.usage("Could not use the output folder " + dir + ": " + e.getMessage() + ".");
        }
    }

    private static RunState load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonNode header = lines.isEmpty() ? null : readLine(lines.get(0));
        String runId = header == null ? null : Json.text(header, "run_id");
        if (runId == null) {
            throw CliException.usage("The state file " + file + " is damaged (no run id): move it away to start the run afresh.");
        }
        RunState state = new RunState(file, runId, Files.newOutputStream(file, StandardOpenOption.APPEND));
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            // A torn last line: end it, so the next event starts a line of its own.
            state.journal.write('\n');
            state.journal.flush();
        }
        for (String line : lines.subList(1, lines.size())) {
            JsonNode event = readLine(line);
            if (event != null) {
                state.apply(event);
            }
        }
        return state;
    }

    /** A line torn by a crash in mid-write reads as nothing. */
    private static JsonNode readLine(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void apply(JsonNode event) {
        String id = Json.text(event, "id");
        String type = Json.text(event, "event");
        if (id == null || type == null) {
            return;
        }
        Item item = items.computeIfAbsent(id, ignored -> new Item());
        switch (type) {
            case "submitted" -> {
                item.status = Status.SUBMITTED;
                item.taskAddress = Json.text(event, "task_address");
            }
            case "succeeded" -> {
                item.status = Status.SUCCEEDED;
                List<String> files = new ArrayList<>();
                event.path("files").forEach(f -> files.add(f.asText()));
                item.files = List.copyOf(files);
                item.error = null;
            }
            case "failed" -> {
                item.status = Status.FAILED;
                item.error = Json.text(event, "error");
            }
            case "retry" -> {
                item.status = Status.PENDING;
                item.taskAddress = null;
                item.error = null;
                item.attempt = event.path("attempt").asInt(item.attempt + 1);
            }
            default -> {
                // an event a newer client wrote: ignored
            }
        }
    }

    public String runId() {
        return runId;
    }

    public Path file() {
        return file;
    }

    public synchronized Item item(String customId) {
        return items.computeIfAbsent(customId, ignored -> new Item());
    }

    /**
     * The Idempotency-Key of a line: the same for every re-run of this folder, a new one only when a
     * failed line is retried on purpose.
     */
    public synchronized String idempotencyKey(String customId) {
        int attempt = item(customId).attempt;
        return "iqcli-" + runId + "-" + customId + (attempt > 1 ? "-" + attempt : "");
    }

    public synchronized void submitted(String customId, String taskAddress) {
        record(Json.MAPPER.createObjectNode().put("event", "submitted").put("id", customId).put("task_address", taskAddress));
    }

    public synchronized void succeeded(String customId, List<String> files) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("event", "succeeded").put("id", customId);
        files.forEach(event.putArray("files")::add);
        record(event);
    }

    public synchronized void failed(String customId, String error) {
        record(Json.MAPPER.createObjectNode().put("event", "failed").put("id", customId).put("error", error));
    }

    /** A failed line is sent again, under a new idempotency key (so the server makes a new task). */
    public synchronized void retry(String customId) {
        int next = item(customId).attempt + 1;
        record(Json.MAPPER.createObjectNode().put("event", "retry").put("id", customId).put("attempt", next));
    }

    private void record(ObjectNode event) {
        append(event);
        apply(event);
    }

    private void append(ObjectNode event) {
        try {
            // One write call per line: a kill leaves whole lines, or one torn last line at worst.
            journal.write((Json.compact(event) + "\n").getBytes(StandardCharsets.UTF_8));
            journal.flush();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Could not write the state file " + file + ": " + e.getMessage() + ".");
        }
    }

    @Override
    public synchronized void close() {
        try {
            journal.close();
        } catch (IOException e) {
            // the journal was flushed after every line
        }
    }

    private static String newRunId() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
