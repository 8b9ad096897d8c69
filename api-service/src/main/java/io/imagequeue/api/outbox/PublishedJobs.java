package io.imagequeue.api.outbox;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Deletes the outbox rows of jobs the broker acknowledged, many per statement.
 *
 * <p>One delete runs at a time; rows acknowledged meanwhile go with the next one, so under load a
 * statement removes hundreds of rows and a lone row goes at once. A delete that fails is not
 * retried here: the rows stay, and the workers' outbox relay publishes them again when they are
 * due, which the workers treat as the duplicate delivery it is.
 */
@ApplicationScoped
public class PublishedJobs {

    private static final Logger LOG = Logger.getLogger(PublishedJobs.class);
    private static final int MAX_PER_DELETE = 1_000;

    private final Pool pool;
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean deleting = new AtomicBoolean();

    public PublishedJobs(Pool pool) {
        this.pool = pool;
    }

    /** The broker acknowledged the job of this outbox row: the row is no longer needed. */
    public void acknowledged(long outboxId) {
        acknowledged.add(outboxId);
        deleteSome();
    }

    private void deleteSome() {
        if (acknowledged.isEmpty() || !deleting.compareAndSet(false, true)) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        Long id;
        while (ids.size() < MAX_PER_DELETE && (id = acknowledged.poll()) != null) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            deleting.set(false);
            deleteSome();
            return;
        }
        pool.preparedQuery("delete from task_outbox where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .subscribe().with(deleted -> {
                    deleting.set(false);
                    deleteSome();
                }, failure -> {
                    LOG.warnf("%d published outbox rows not deleted (%s); the relay will publish them again",
                            ids.size(), failure.getMessage());
                    deleting.set(false);
                    deleteSome();
                });
    }
}
