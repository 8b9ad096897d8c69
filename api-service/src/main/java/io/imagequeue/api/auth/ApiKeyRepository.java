package io.imagequeue.api.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads and writes API keys and tenants. */
@ApplicationScoped
public class ApiKeyRepository {

    /** A stored key as the filter needs it. */
    public record StoredKey(String tenantId, byte[] hash, boolean usable) {
    }

    private final Mutiny.SessionFactory sessions;

    public ApiKeyRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<Optional<StoredKey>> findByPrefix(String prefix) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                        select tenant_id, key_hash,
                               revoked_at is null and (expires_at is null or expires_at > now()) as usable
                        from api_keys where prefix = :prefix""", Object[].class)
                .setParameter("prefix", prefix)
                .getResultList())
                .map(ApiKeyRepository::first);
    }

    /** Creates the tenant and the key unless they exist; used for the local bootstrap key. */
    public Uni<Void> ensureTenantWithKey(String tenantId, String key, String label) {
        return sessions.withTransaction(s -> s.createNativeQuery(
                                "insert into tenants (id, name) values (:id, :id) on conflict (id) do nothing")
                        .setParameter("id", tenantId)
                        .executeUpdate()
                        .chain(() -> s.createNativeQuery("""
                                        insert into api_keys (id, tenant_id, prefix, key_hash, label)
                                        values (:id, :tenant, :prefix, :hash, :label)
                                        on conflict (prefix) do nothing""")
                                .setParameter("id", UUID.randomUUID())
                                .setParameter("tenant", tenantId)
                                .setParameter("prefix", ApiKeys.prefix(key))
                                .setParameter("hash", ApiKeys.hash(key))
                                .setParameter("label", label)
                                .executeUpdate()))
                .replaceWithVoid();
    }

    private static Optional<StoredKey> first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new StoredKey((String) row[0], (byte[]) row[1], Boolean.TRUE.equals(row[2])));
    }
}
