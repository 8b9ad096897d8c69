package io.imagequeue.api.watching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.tasks.TaskViews;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One open {@code GET /v2/tasks/{task_address}/events}: a {@code status} event with the task at
 * once, one per change of status, queue position or progress, the last at a terminal state, then
 * the end. It reads the task only when a notification says it changed: its own address at once
 * (status, progress; workers write progress at most once a second), its lane's at most once a
 * second (every task that leaves the lane moves the positions behind it). A comment every
 * {@link #KEEP_ALIVE} keeps proxies from closing an idle stream.
 */
final class TaskEventStream {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration LANE_READS = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(TaskEventStream.class);

    private final String tenantId;
    private final String taskId;
    private final TaskWatchRepository tasks;
    private final TaskChangeFeed feed;
    private final TaskViews views;
    private final ObjectMapper json;
    private final Sse sse;
    private final Vertx vertx;

    private MultiEmitter<? super OutboundSseEvent> emitter;
    private String lastEventId;
    private boolean reading;
    private boolean changedWhileReading;
    private boolean laneChanged;
    private boolean ended;
    private Runnable stopTaskChanges = () -> { };
    private Runnable stopLaneChanges = () -> { };
    private long laneTimer = -1;
    private long keepAliveTimer = -1;

    TaskEventStream(String tenantId, String taskId, TaskWatchRepository tasks, TaskChangeFeed feed, TaskViews views,
                    ObjectMapper json, Sse sse, Vertx vertx, String lastEventId) {
        this.tenantId = tenantId;
        this.taskId = taskId;
        this.tasks = tasks;
        this.feed = feed;
        this.views = views;
        this.json = json;
        this.sse = sse;
        this.vertx = vertx;
        this.lastEventId = lastEventId;
    }

    /**
     * The events, starting from {@code first} (read before the stream, for the 404). A client
     * resuming with the {@code Last-Event-ID} of the current state gets no repeat of it; resuming a
     * finished task it already saw end, it gets an empty stream that ends at once.
     */
    Multi<OutboundSseEvent> events(WatchedTask first) {
        return Multi.createFrom().emitter(emitter -> {
            synchronized (this) {
                this.emitter = emitter;
                emitter.onTermination(this::close);
                // Listen before the read below, so that no change falls between the two.
                stopTaskChanges = feed.subscribe(taskId, this::read);
                stopLaneChanges = feed.subscribe(TaskChangeFeed.laneKey(first.task().model(), first.lane()),
                        this::laneChanged);
                laneTimer = vertx.setPeriodic(LANE_READS.toMillis(), id -> readIfLaneChanged());
                keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE.toMillis(), id -> keepAlive());
                show(first);
            }
            read();
        });
    }

    private synchronized void laneChanged() {
        laneChanged = true;
    }

    private void readIfLaneChanged() {
        boolean due;
        synchronized (this) {
            due = laneChanged;
            laneChanged = false;
        }
        if (due) {
            read();
        }
    }

    /** Reads the task and shows it; one read at a time, and once more if it changed meanwhile. */
    private void read() {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (reading) {
                changedWhileReading = true;
                return;
            }
            reading = true;
            changedWhileReading = false;
        }
        tasks.find(tenantId, taskId).subscribe().with(found -> {
            boolean again;
            synchronized (this) {
                reading = false;
                found.ifPresentOrElse(this::show, this::end);
                again = changedWhileReading;
            }
            if (again) {
                read();
            }
        }, failure -> {
            LOG.debugf("event stream of %s could not read the task: %s", taskId, failure.getMessage());
            synchronized (this) {
                reading = false;
                laneChanged = true; // the next tick tries again
            }
        });
    }

    /** Emits the task's state when it differs from the last one the client has; ends at a terminal state. */
    private void show(WatchedTask task) {
        if (ended) {
            return;
        }
        String id = task.eventId();
        if (!id.equals(lastEventId)) {
            lastEventId = id;
            emitter.emit(sse.newEventBuilder().name("status").id(id).data(String.class, body(task)).build());
        }
        if (task.task().status().isTerminal()) {
            end();
        }
    }

    private String body(WatchedTask task) {
        try {
            return json.writeValueAsString(views.summary(task.task()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a task summary is always serialisable", e);
        }
    }

    private synchronized void keepAlive() {
        if (!ended) {
            emitter.emit(sse.newEventBuilder().comment(" keep-alive").build());
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            emitter.complete();
        }
    }

    private synchronized void close() {
        ended = true;
        stopTaskChanges.run();
        stopLaneChanges.run();
        vertx.cancelTimer(laneTimer);
        vertx.cancelTimer(keepAliveTimer);
    }
}
