package io.imagequeue.api.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.files.FileRepository;
import io.imagequeue.api.files.OpenAiIds;
import io.imagequeue.api.files.StoredFile;
import io.imagequeue.api.http.RequestContexts;
import io.imagequeue.api.tasks.TaskRecord;
import io.imagequeue.api.tasks.TaskResults;
import io.imagequeue.api.tasks.TaskViews;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.task.TaskStatus;
import io.imagequeue.objectstore.ObjectStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Writes a batch's output file (a line per succeeded request) and error file (a line per other
 * request), in the input file's order, as OpenAI's batch output lines:
 * {@code {"id": "batch_req_…", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}}.
 * A request that got an HTTP answer has it in {@code response}; one that never ran (the batch was
 * cancelled or expired first) has {@code response: null} and {@code error: {"code", "message"}}.
 *
 * <p>The input is read a few lines at a time and the files are spooled to local disk, then streamed
 * to the store, so memory holds only one chunk of results whatever the batch's size.
 */
@ApplicationScoped
public class BatchResultFiles {

    /** Small: a line of a {@code b64_json} request holds its images. */
    private static final int CHUNK = 20;

    /** The files, null when there was no such line, and how many lines each has. */
    public record Written(String outputFileId, String errorFileId, int completed, int failed) {
    }

    private final BatchStore store;
    private final TaskResults results;
    private final TaskViews views;
    private final ObjectStore objects;
    private final FileRepository files;
    private final ObjectMapper json;

    public BatchResultFiles(BatchStore store, TaskResults results, TaskViews views, ObjectStore objects,
                            FileRepository files, ObjectMapper json) {
        this.store = store;
        this.results = results;
        this.views = views;
        this.objects = objects;
        this.files = files;
        this.json = json;
    }

    /**
     * @param ending {@code completed}, {@code cancelled} or {@code expired}: how lines that never ran are reported
     * @param owner  the driver holding the batch, which keeps its lease after every chunk (a large batch
     *               takes longer than one lease to write) and stops once it lost it
     */
    public Uni<Written> write(DrivenBatch batch, String ending, String owner, Duration lease) {
        Executor context = RequestContexts.current();
        return Uni.createFrom().item(() -> new Spool(batch, json, objects.open(batch.inputKey())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context)
                .flatMap(spool -> chunks(batch, ending, new Holder(owner, lease), spool, context)
                        .flatMap(ignored -> upload(batch, spool, context))
                        .onTermination().invoke(spool::close));
    }

    private record Holder(String owner, Duration lease) {
    }

    private Uni<Void> chunks(DrivenBatch batch, String ending, Holder holder, Spool spool, Executor context) {
        return Uni.createFrom().item(() -> spool.lines.next(0, CHUNK))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context)
                .flatMap(chunk -> chunk.isEmpty() ? Uni.createFrom().voidItem()
                        : store.results(batch, chunk.stream().map(BatchLine::customId).toList())
                                .flatMap(found -> Multi.createFrom().iterable(chunk)
                                        .onItem().transformToUniAndConcatenate(line -> entry(line, found, ending, context))
                                        .collect().asList())
                                .emitOn(Infrastructure.getDefaultWorkerPool())
                                .map(entries -> {
                                    entries.forEach(spool::append);
                                    return entries;
                                })
                                .emitOn(context)
                                .flatMap(ignored -> store.keep(batch, holder.owner(), holder.lease()))
                                .flatMap(held -> held ? chunks(batch, ending, holder, spool, context)
                                        : Uni.createFrom().failure(new IllegalStateException(
                                                "lost the lease of " + batch.id() + " while writing its files"))));
    }

    /** One output line, and whether it belongs in the output file (true) or the error file. */
    private record Entry(boolean succeeded, Map<String, Object> line) {
    }

    private Uni<Entry> entry(BatchLine line, BatchStore.LineResults found, String ending, Executor context) {
        TaskRecord task = found.tasks().get(line.customId());
        if (task != null && task.status() == TaskStatus.SUCCEEDED) {
            // render answers on a worker thread; the next line's reads must run on the Vert.x context
            return results.render(task).emitOn(context)
                    .map(body -> new Entry(true, line(line, response(200, task.id(), body), null)));
        }
        if (task != null && task.status() == TaskStatus.FAILED) {
            Map<String, Object> error = views.error(task);
            return Uni.createFrom().item(new Entry(false,
                    line(line, response(statusOf(error), task.id(), Map.of("error", error)), null)));
        }
        BatchStore.LineRefusal refusal = found.refusals().get(line.customId());
        if (refusal != null) {
            return Uni.createFrom().item(new Entry(false,
                    line(line, response(refusal.statusCode(), null, parse(refusal.bodyJson())), null)));
        }
        // Canceled or expired tasks, and lines that never became one.
        String code = switch (ending) {
            case "expired" -> "batch_expired";
            case "cancelled" -> "batch_cancelled";
            default -> task != null && task.status() == TaskStatus.EXPIRED ? "task_expired" : "task_canceled";
        };
        String message = switch (code) {
            case "batch_expired" -> "This request could not be executed before the batch's completion window ended.";
            case "batch_cancelled" -> "This request was not executed: the batch was cancelled.";
            case "task_expired" -> "The request's images were deleted at the end of retention.";
            default -> "The request's task was canceled before it finished.";
        };
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return Uni.createFrom().item(new Entry(false, line(line, null, error)));
    }

    private static int statusOf(Map<String, Object> error) {
        for (ErrorType type : ErrorType.values()) {
            if (type.wire().equals(error.get("type"))) {
                return type.status();
            }
        }
        return ErrorType.PROVIDER.status();
    }

    private static Map<String, Object> response(int status, String requestId, Object body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status_code", status);
        response.put("request_id", requestId);
        response.put("body", body);
        return response;
    }

    private static Map<String, Object> line(BatchLine line, Map<String, Object> response, Map<String, Object> error) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", OpenAiIds.next("batch_req_"));
        out.put("custom_id", line.customId());
        out.put("response", response);
        out.put("error", error);
        return out;
    }

    private Object parse(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("batch_line_errors.body is JSON the database checked", e);
        }
    }

    private Uni<Written> upload(DrivenBatch batch, Spool spool, Executor context) {
        return Uni.createFrom().item(() -> {
                    spool.finish();
                    String output = spool.succeeded > 0 ? store(batch, spool.output) : null;
                    String error = spool.failed > 0 ? store(batch, spool.errors) : null;
                    return new String[] {output, error};
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context)
                .flatMap(ids -> record(batch, ids[0], spool.output, "output")
                        .flatMap(ignored -> record(batch, ids[1], spool.errors, "error"))
                        .map(ignored -> new Written(ids[0], ids[1], spool.succeeded, spool.failed)));
    }

    private String store(DrivenBatch batch, Path file) {
        String id = OpenAiIds.next("file-");
        try (InputStream in = Files.newInputStream(file)) {
            objects.put(StoredFile.objectKey(batch.tenantId(), id), in, Files.size(file), "application/jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    private Uni<Void> record(DrivenBatch batch, String id, Path file, String kind) {
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        try {
            return files.insert(id, batch.tenantId(), StoredFile.PURPOSE_BATCH_OUTPUT, batch.id() + "_" + kind + ".jsonl",
                    Files.size(file), countOf(file),
                    StoredFile.objectKey(batch.tenantId(), id)).replaceWithVoid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countOf(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return (int) lines.count();
        }
    }

    /** The input being read and the two files being written, on local disk. Blocking. */
    private static final class Spool {

        final BatchLineReader lines;
        final Path output;
        final Path errors;
        final OutputStream outputStream;
        final OutputStream errorStream;
        final ObjectMapper json;
        int succeeded;
        int failed;

        Spool(DrivenBatch batch, ObjectMapper json, InputStream input) {
            this.json = json;
            try {
                output = Files.createTempFile("batch-" + batch.id() + "-output", ".jsonl");
                errors = Files.createTempFile("batch-" + batch.id() + "-errors", ".jsonl");
                outputStream = new BufferedOutputStream(Files.newOutputStream(output));
                errorStream = new BufferedOutputStream(Files.newOutputStream(errors));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lines = new BatchLineReader(input, json);
        }

        void append(Entry entry) {
            try {
                OutputStream to = entry.succeeded() ? outputStream : errorStream;
                to.write(json.writeValueAsBytes(entry.line()));
                to.write('\n');
                if (entry.succeeded()) {
                    succeeded++;
                } else {
                    failed++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() {
            try {
                outputStream.close();
                errorStream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            try {
                lines.close();
                outputStream.close();
                errorStream.close();
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            } catch (IOException | UncheckedIOException e) {
                // temp files: the OS cleans them up if this fails
            }
        }
    }
}
