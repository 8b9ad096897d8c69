package io.imagequeue.api.webhooks;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A tenant's secret generations (the secrets themselves are derived, see
 * {@link io.imagequeue.model.webhook.SigningSecrets}). The row is created on first use; a rotation
 * moves to the next generation and keeps the previous one signing for {@link #OVERLAP}.
 */
@ApplicationScoped
public class SigningSecretStore {

    static final String OVERLAP = "24 hours";

    /** The current generation, and until when (epoch seconds) the previous one still signs, if at all. */
    public record Generations(int current, Integer previous, Long previousValidUntil) {
    }

    private final Mutiny.SessionFactory sessions;

    public SigningSecretStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<Generations> current(String tenantId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into webhook_signing (tenant_id) values (:tenant)
                                on conflict (tenant_id) do update set generation = webhook_signing.generation
                                returning generation, previous_generation,
                                          extract(epoch from previous_valid_until)::bigint""", Object[].class)
                        .setParameter("tenant", tenantId)
                        .getSingleResult())
                .map(SigningSecretStore::generations);
    }

    public Uni<Generations> rotate(String tenantId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into webhook_signing (tenant_id, generation, previous_generation,
                                                             previous_valid_until, rotated_at)
                                values (:tenant, 2, 1, now() + interval '%s', now())
                                on conflict (tenant_id) do update
                                    set previous_generation = webhook_signing.generation,
                                        previous_valid_until = now() + interval '%s',
                                        generation = webhook_signing.generation + 1,
                                        rotated_at = now()
                                returning generation, previous_generation,
                                          extract(epoch from previous_valid_until)::bigint""".formatted(OVERLAP, OVERLAP),
                                Object[].class)
                        .setParameter("tenant", tenantId)
                        .getSingleResult())
                .map(SigningSecretStore::generations);
    }

    private static Generations generations(Object[] row) {
        Long validUntil = row[2] == null ? null : ((Number) row[2]).longValue();
        boolean previousValid = validUntil != null && validUntil > System.currentTimeMillis() / 1000;
        return new Generations(((Number) row[0]).intValue(),
                previousValid ? Integer.valueOf(((Number) row[1]).intValue()) : null,
                previousValid ? validUntil : null);
    }
}
