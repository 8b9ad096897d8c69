package io.imagequeue.api.files;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** File rows, always read and written within one tenant. */
@ApplicationScoped
public class FileRepository {

    private static final String COLUMNS = """
            id, tenant_id, purpose, filename, bytes, line_count, object_key,
            extract(epoch from created_at)::bigint""";

    private final Mutiny.SessionFactory sessions;

    public FileRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Records a file whose bytes are already in the store; answers it with its creation time. */
    public Uni<StoredFile> insert(String id, String tenantId, String purpose, String filename, long bytes,
                                  int lineCount, String objectKey) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into files (id, tenant_id, purpose, filename, bytes, line_count, object_key)
                                values (:id, :tenant, :purpose, :filename, :bytes, :lines, :key)
                                returning extract(epoch from created_at)::bigint""", Object.class)
                        .setParameter("id", id)
                        .setParameter("tenant", tenantId)
                        .setParameter("purpose", purpose)
                        .setParameter("filename", filename)
                        .setParameter("bytes", bytes)
                        .setParameter("lines", lineCount)
                        .setParameter("key", objectKey)
                        .getSingleResult())
                .map(created -> new StoredFile(id, tenantId, purpose, filename, bytes, lineCount, objectKey,
                        ((Number) created).longValue()));
    }

    public Uni<Optional<StoredFile>> find(String tenantId, String fileId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + COLUMNS + " from files where id = :id and tenant_id = :tenant", Object[].class)
                        .setParameter("id", fileId)
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(FileRepository::file));
    }

    /**
     * A page of the tenant's files in {@code created_at} order (newest first unless {@code ascending}),
     * after the file {@code after} when given; {@code limit + 1} rows are read to tell whether more follow.
     */
    public Uni<List<StoredFile>> list(String tenantId, String purpose, String after, boolean ascending, int limit) {
        String cmp = ascending ? ">" : "<";
        String order = ascending ? "asc" : "desc";
        String sql = "select " + COLUMNS + " from files where tenant_id = :tenant"
                + (purpose == null ? "" : " and purpose = :purpose")
                + (after == null ? "" : " and (created_at, id) " + cmp
                        + " (select a.created_at, a.id from files a where a.id = :after and a.tenant_id = :tenant)")
                + " order by created_at " + order + ", id " + order + " limit :limit";
        return sessions.withStatelessSession(s -> {
                    var query = s.createNativeQuery(sql, Object[].class)
                            .setParameter("tenant", tenantId)
                            .setParameter("limit", limit + 1);
                    if (purpose != null) {
                        query.setParameter("purpose", purpose);
                    }
                    if (after != null) {
                        query.setParameter("after", after);
                    }
                    return query.getResultList();
                })
                .map(rows -> rows.stream().map(FileRepository::file).toList());
    }

    /** Deletes the tenant's file row; the deleted row (for its object key), or empty when there was none. */
    public Uni<Optional<StoredFile>> delete(String tenantId, String fileId) {
        return sessions.withTransaction(s -> s.createNativeQuery(
                                "delete from files where id = :id and tenant_id = :tenant returning " + COLUMNS, Object[].class)
                        .setParameter("id", fileId)
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(FileRepository::file));
    }

    private static StoredFile file(Object[] r) {
        return new StoredFile((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).longValue(), ((Number) r[5]).intValue(), (String) r[6], ((Number) r[7]).longValue());
    }
}
