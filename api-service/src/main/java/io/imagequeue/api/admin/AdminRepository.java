package io.imagequeue.api.admin;

import io.imagequeue.api.auth.ApiKeys;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** The admin API's reads and writes of tenants, keys and credits. Never reads a key's hash back. */
@ApplicationScoped
public class AdminRepository {

    private static final String KEY_COLUMNS = """
            id::text, prefix, label, extract(epoch from created_at)::bigint, extract(epoch from expires_at)::bigint,
            extract(epoch from revoked_at)::bigint, array_to_string(allowed_models, ','), requests_per_minute,
            max_in_flight""";
    private static final int LEDGER_ROWS = 200;

    private final Mutiny.SessionFactory sessions;

    public AdminRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** False when the tenant exists already. */
    public Uni<Boolean> createTenant(String id, String name, int weight) {
        return sessions.withTransaction(s -> s.createNativeQuery(
                                "insert into tenants (id, name, weight) values (:id, :name, :weight) on conflict (id) do nothing")
                        .setParameter("id", id)
                        .setParameter("name", name)
                        .setParameter("weight", weight)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }

    /** Sets the tenant's fair-share weight; the workers' next pick reads it. Empty when the tenant does not exist. */
    public Uni<Optional<Map<String, Object>>> setWeight(String id, int weight) {
        return sessions.withTransaction(s -> s.createNativeQuery(
                                "update tenants set weight = :weight where id = :id returning id, name, weight", Object[].class)
                        .setParameter("id", id)
                        .setParameter("weight", weight)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(r -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", r[0]);
                    view.put("name", r[1]);
                    view.put("weight", ((Number) r[2]).intValue());
                    return view;
                }));
    }

    public Uni<Boolean> tenantExists(String id) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("select count(*) from tenants where id = :id", Object.class)
                        .setParameter("id", id)
                        .getSingleResult())
                .map(count -> ((Number) count).longValue() > 0);
    }

    /** Stores the key's hash and prefix; the key itself is returned to the admin once and never stored. */
    public Uni<Map<String, Object>> createKey(String tenantId, String key, NewKey spec) {
        UUID id = UUID.randomUUID();
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into api_keys (id, tenant_id, prefix, key_hash, label, expires_at, allowed_models,
                                                      requests_per_minute, max_in_flight)
                                values (cast(:id as uuid), :tenant, :prefix, :hash, :label,
                                        to_timestamp(cast(:expiresAt as bigint)),
                                        string_to_array(cast(:models as text), ','),
                                        cast(:rpm as integer), cast(:inFlight as integer))""")
                        .setParameter("id", id.toString())
                        .setParameter("tenant", tenantId)
                        .setParameter("prefix", ApiKeys.prefix(key))
                        .setParameter("hash", ApiKeys.hash(key))
                        .setParameter("label", spec.label())
                        .setParameter("expiresAt", spec.expiresAt() == null ? null : spec.expiresAt().getEpochSecond())
                        .setParameter("models", spec.allowedModels() == null ? null : String.join(",", spec.allowedModels()))
                        .setParameter("rpm", spec.requestsPerMinute())
                        .setParameter("inFlight", spec.maxInFlight())
                        .executeUpdate())
                .chain(() -> key(tenantId, id)).map(Optional::orElseThrow);
    }

    public Uni<List<Map<String, Object>>> keys(String tenantId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + KEY_COLUMNS + " from api_keys where tenant_id = :tenant order by created_at, id",
                                Object[].class)
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(rows -> rows.stream().map(AdminRepository::keyView).toList());
    }

    /** Marks the key revoked (once: a second revocation keeps the first time). Empty when the tenant has no such key. */
    public Uni<Optional<Map<String, Object>>> revoke(String tenantId, UUID keyId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update api_keys set revoked_at = coalesce(revoked_at, now())
                                where id = cast(:id as uuid) and tenant_id = :tenant""")
                        .setParameter("id", keyId.toString())
                        .setParameter("tenant", tenantId)
                        .executeUpdate())
                .chain(() -> key(tenantId, keyId));
    }

    /** Adds credits with a {@code top_up} ledger row, in one statement. Empty when the tenant does not exist. */
    public Uni<Optional<Map<String, Object>>> topUp(String tenantId, BigDecimal amount, String note) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                with credited as (
                                    update tenants set balance = balance + cast(:amount as numeric) where id = :tenant
                                    returning id, balance, reserved
                                ), booked as (
                                    insert into credit_ledger (tenant_id, kind, amount, note)
                                    select id, 'top_up', cast(:amount as numeric), :note from credited
                                )
                                select id, balance, reserved from credited""", Object[].class)
                        .setParameter("amount", amount)
                        .setParameter("tenant", tenantId)
                        .setParameter("note", note)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(AdminRepository::balanceView));
    }

    /** The tenant's balance, reserved credits and newest ledger rows. Empty when the tenant does not exist. */
    public Uni<Optional<Map<String, Object>>> credits(String tenantId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select id, balance, reserved from tenants where id = :tenant", Object[].class)
                        .setParameter("tenant", tenantId)
                        .getResultList()
                        .flatMap(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().item(Optional.<Map<String, Object>>empty());
                            }
                            Map<String, Object> view = balanceView(rows.get(0));
                            return s.createNativeQuery("""
                                            select id, task_id, kind, amount, note, extract(epoch from created_at)::bigint
                                            from credit_ledger where tenant_id = :tenant
                                            order by created_at desc, id desc limit :rows""", Object[].class)
                                    .setParameter("tenant", tenantId)
                                    .setParameter("rows", LEDGER_ROWS)
                                    .getResultList()
                                    .map(ledger -> {
                                        view.put("ledger", ledger.stream().map(AdminRepository::ledgerView).toList());
                                        return Optional.of(view);
                                    });
                        }));
    }

    private Uni<Optional<Map<String, Object>>> key(String tenantId, UUID keyId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + KEY_COLUMNS + " from api_keys where id = cast(:id as uuid) and tenant_id = :tenant",
                                Object[].class)
                        .setParameter("id", keyId.toString())
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(AdminRepository::keyView));
    }

    private static Map<String, Object> keyView(Object[] r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r[0]);
        view.put("object", "api_key");
        view.put("prefix", r[1]);
        view.put("label", r[2]);
        view.put("created_at", r[3]);
        view.put("expires_at", r[4]);
        view.put("revoked_at", r[5]);
        view.put("revoked", r[5] != null);
        view.put("allowed_models", r[6] == null ? null : ((String) r[6]).isEmpty() ? List.of() : List.of(((String) r[6]).split(",")));
        view.put("requests_per_minute", r[7]);
        view.put("max_in_flight", r[8]);
        return view;
    }

    private static Map<String, Object> balanceView(Object[] r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tenant", r[0]);
        view.put("balance", r[1]);
        view.put("reserved", r[2]);
        return view;
    }

    private static Map<String, Object> ledgerView(Object[] r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r[0]);
        view.put("task_address", r[1]);
        view.put("kind", r[2]);
        view.put("amount", r[3]);
        view.put("note", r[4]);
        view.put("created_at", r[5]);
        return view;
    }
}
