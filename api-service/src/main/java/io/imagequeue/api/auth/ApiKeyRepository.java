package io.imagequeue.api.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads API keys for authentication, and seeds the local bootstrap tenant and key. */
@ApplicationScoped
public class ApiKeyRepository {

    /**
     * A stored key as the filter needs it.
     *
     * @param allowedModels canonical ids, or null when the key may use every model
     */
    public record StoredKey(UUID keyId, String tenantId, byte[] hash, boolean revoked, boolean expired,
                            Set<String> allowedModels, Long expiresAtEpochMillis) {
    }

    private final Mutiny.SessionFactory sessions;

    public ApiKeyRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<Optional<StoredKey>> findByPrefix(String prefix) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                        select id::text, tenant_id, key_hash, revoked_at is not null,
                               expires_at is not null and expires_at <= now(),
                               array_to_string(allowed_models, ','), (extract(epoch from expires_at) * 1000)::bigint
                        from api_keys where prefix = :prefix""", Object[].class)
                .setParameter("prefix", prefix)
                .getResultList())
                .map(ApiKeyRepository::first);
    }

    /**
     * Creates the tenant and the key unless they exist, and gives the tenant its starting credits
     * once (a ledger row noted {@code bootstrap} marks that it got them): for local runs and tests.
     */
    public Uni<Void> ensureTenantWithKey(String tenantId, String key, String label, BigDecimal credits) {
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
                                .executeUpdate())
                        .chain(() -> s.createNativeQuery("""
                                        with credited as (
                                            update tenants set balance = balance + :credits
                                            where id = :tenant and :credits > 0 and not exists (
                                                select 1 from credit_ledger
                                                where tenant_id = :tenant and kind = 'top_up' and note = 'bootstrap')
                                            returning id
                                        )
                                        insert into credit_ledger (tenant_id, kind, amount, note)
                                        select id, 'top_up', :credits, 'bootstrap' from credited""")
                                .setParameter("tenant", tenantId)
                                .setParameter("credits", credits)
                                .executeUpdate()))
                .replaceWithVoid();
    }

    private static Optional<StoredKey> first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        String allowed = (String) row[5];
        Set<String> models = allowed == null ? null
                : Set.copyOf(new LinkedHashSet<>(Arrays.asList(allowed.isEmpty() ? new String[0] : allowed.split(","))));
        return Optional.of(new StoredKey(UUID.fromString((String) row[0]), (String) row[1], (byte[]) row[2],
                Boolean.TRUE.equals(row[3]), Boolean.TRUE.equals(row[4]), models,
                row[6] == null ? null : ((Number) row[6]).longValue()));
    }
}
