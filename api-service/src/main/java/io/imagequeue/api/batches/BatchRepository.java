package io.imagequeue.api.batches;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Batch rows, always read and written within one tenant. */
@ApplicationScoped
public class BatchRepository {

    private static final String COLUMNS = """
            id, endpoint, input_file_id, completion_window, status, metadata::text, errors::text,
            output_file_id, error_file_id, total, completed, failed,
            extract(epoch from created_at)::bigint, extract(epoch from in_progress_at)::bigint,
            extract(epoch from expires_at)::bigint, extract(epoch from finalizing_at)::bigint,
            extract(epoch from completed_at)::bigint, extract(epoch from failed_at)::bigint,
            extract(epoch from expired_at)::bigint, extract(epoch from cancelling_at)::bigint,
            extract(epoch from cancelled_at)::bigint""";

    private final Mutiny.SessionFactory sessions;

    public BatchRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** A new batch, {@code validating}, expiring 24 hours after it was created. */
    public Uni<BatchRecord> insert(String id, String tenantId, UUID keyId, String endpoint, String inputFileId,
                                   String completionWindow, String metadataJson) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into batches (id, tenant_id, api_key_id, endpoint, input_file_id, completion_window,
                                                     metadata, expires_at)
                                values (:id, :tenant, :key, :endpoint, :file, :window, cast(cast(:metadata as text) as jsonb),
                                        now() + interval '24 hours')
                                """ + " returning " + COLUMNS, Object[].class)
                        .setParameter("id", id)
                        .setParameter("tenant", tenantId)
                        .setParameter("key", keyId)
                        .setParameter("endpoint", endpoint)
                        .setParameter("file", inputFileId)
                        .setParameter("window", completionWindow)
                        .setParameter("metadata", metadataJson)
                        .getSingleResult())
                .map(BatchRepository::batch);
    }

    public Uni<Optional<BatchRecord>> find(String tenantId, String batchId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + COLUMNS + " from batches where id = :id and tenant_id = :tenant", Object[].class)
                        .setParameter("id", batchId)
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(BatchRepository::batch));
    }

    /** A page of the tenant's batches, newest first, after {@code after} when given; reads {@code limit + 1}. */
    public Uni<List<BatchRecord>> list(String tenantId, String after, int limit) {
        String sql = "select " + COLUMNS + " from batches where tenant_id = :tenant"
                + (after == null ? "" : " and (created_at, id) <"
                        + " (select a.created_at, a.id from batches a where a.id = :after and a.tenant_id = :tenant)")
                + " order by created_at desc, id desc limit :limit";
        return sessions.withStatelessSession(s -> {
                    var query = s.createNativeQuery(sql, Object[].class)
                            .setParameter("tenant", tenantId)
                            .setParameter("limit", limit + 1);
                    if (after != null) {
                        query.setParameter("after", after);
                    }
                    return query.getResultList();
                })
                .map(rows -> rows.stream().map(BatchRepository::batch).toList());
    }

    /**
     * Asks a batch to stop. One still {@code validating} has queued nothing, so it is {@code cancelled}
     * at once; one {@code in_progress} turns {@code cancelling}, and its driver cancels the queued lines
     * and writes the partial files. Any other state is left as it is. Answers the batch as it now is.
     */
    public Uni<Optional<BatchRecord>> cancel(String tenantId, String batchId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update batches set
                                    status = case when status = 'validating' then 'cancelled' else 'cancelling' end,
                                    cancelling_at = now(),
                                    cancelled_at = case when status = 'validating' then now() end
                                where id = :id and tenant_id = :tenant and status in ('validating', 'in_progress')""")
                        .setParameter("id", batchId)
                        .setParameter("tenant", tenantId)
                        .executeUpdate())
                .chain(() -> find(tenantId, batchId));
    }

    private static BatchRecord batch(Object[] r) {
        return new BatchRecord((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (String) r[5], (String) r[6], (String) r[7], (String) r[8],
                ((Number) r[9]).intValue(), ((Number) r[10]).intValue(), ((Number) r[11]).intValue(),
                ((Number) r[12]).longValue(), seconds(r[13]), ((Number) r[14]).longValue(), seconds(r[15]),
                seconds(r[16]), seconds(r[17]), seconds(r[18]), seconds(r[19]), seconds(r[20]));
    }

    private static Long seconds(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
