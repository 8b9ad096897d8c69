package io.imagequeue.api.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.config.ApiConfig;
import io.imagequeue.api.media.DeliveredImages;
import io.imagequeue.api.media.ImageType;
import io.imagequeue.api.media.InlineImages;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ParamNames;
import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.model.task.ResultShape;
import io.imagequeue.model.task.TaskDocument;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.objectstore.ObjectStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders a succeeded task's result as the body its endpoint's synchronous call returns: base64
 * images read from the object store, or presigned links made at read time.
 *
 * <p>Where the model takes {@code output_format} and the provider returned another format, the
 * images are handed out converted ({@link DeliveredImages}).
 */
@ApplicationScoped
public class TaskResults {

    private final TaskRepository tasks;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final ApiConfig config;
    private final ModelCatalog catalog;
    private final DeliveredImages delivered;
    private final InlineImages inlineImages;

    public TaskResults(TaskRepository tasks, ObjectStore store, ObjectMapper json, ApiConfig config,
                       ModelCatalog catalog, DeliveredImages delivered, InlineImages inline) {
        this.inlineImages = inline;
        this.tasks = tasks;
        this.store = store;
        this.json = json;
        this.config = config;
        this.catalog = catalog;
        this.delivered = delivered;
    }

    public Uni<Map<String, Object>> render(TaskRecord task) {
        return render(task, payload(task));
    }

    /** As {@link #render(TaskRecord)}, with the task's request already read ({@link #payload}). */
    public Uni<Map<String, Object>> render(TaskRecord task, TaskPayload payload) {
        ResultShape shape = Endpoints.shapeOf(task.endpoint());
        ImageType wanted = wantedFormat(task.model(), payload.request());
        Integer compression = payload.request() == null ? null : payload.request().outputCompression();
        return tasks.images(task.id())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(images -> body(task, shape, payload.responseFormat(), images, new Delivery(wanted, compression)));
    }

    /** Whether the task's result is presigned links, made anew at every read, rather than base64. */
    public boolean linksIn(TaskRecord task, TaskPayload payload) {
        return !isInline(Endpoints.shapeOf(task.endpoint()), payload.responseFormat());
    }

    private static boolean isInline(ResultShape shape, String responseFormat) {
        return shape == ResultShape.BASE64_IMAGES || (shape == ResultShape.OPENAI && "b64_json".equals(responseFormat));
    }

    /** The format to hand out, or null where the model has no choice of format (keep what it made). */
    private ImageType wantedFormat(String model, NormalizedRequest request) {
        boolean chosen = request != null && catalog.find(model).map(m -> m.supports(ParamNames.OUTPUT_FORMAT)).orElse(false);
        return chosen ? ImageType.fromWire(request.outputFormat()).orElse(null) : null;
    }

    /** The format the images are handed out in: {@code wanted} null keeps the stored format. */
    private record Delivery(ImageType wanted, Integer compression) {
        String cacheKey(StoredImage image) {
            return image.objectKey() + "|" + wanted + "|" + compression;
        }
    }

    private Map<String, Object> body(TaskRecord task, ResultShape shape, String responseFormat, List<StoredImage> images,
                                     Delivery delivery) {
        boolean inline = isInline(shape, responseFormat);
        List<TaskDocument.RenderedImage> rendered = images.stream()
                .map(image -> new TaskDocument.RenderedImage(inline ? base64(image, delivery) : link(image, delivery),
                        image.revisedPrompt()))
                .toList();
        return TaskDocument.result(shape, inline, task.completedAt() != null ? task.completedAt() : task.createdAt(), rendered);
    }

    private String base64(StoredImage image, Delivery delivery) {
        return inlineImages.base64(delivery.cacheKey(image), () -> Base64.getEncoder().encodeToString(
                store.read(delivered.inFormat(image, delivery.wanted(), delivery.compression()).objectKey())));
    }

    private String link(StoredImage image, Delivery delivery) {
        StoredImage handedOut = delivered.inFormat(image, delivery.wanted(), delivery.compression());
        return store.presignedGetUrl(handedOut.objectKey(), config.storage().linkTtl());
    }

    /** The task's stored request, read once per use: a result cannot be rendered without it. */
    public TaskPayload payload(TaskRecord task) {
        try {
            return json.readValue(task.requestJson(), TaskPayload.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable request of task " + task.id(), e);
        }
    }
}
