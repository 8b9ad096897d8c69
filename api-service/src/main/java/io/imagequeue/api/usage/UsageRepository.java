package io.imagequeue.api.usage;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** A tenant's credits and spend, read from its row and its ledger only. */
@ApplicationScoped
public class UsageRepository {

    /** How far back the spend report reaches. */
    static final int DAYS = 31;

    private final Mutiny.SessionFactory sessions;

    public UsageRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<Map<String, Object>> usage(String tenantId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select balance, reserved from tenants where id = :tenant", Object[].class)
                        .setParameter("tenant", tenantId)
                        .getSingleResult()
                        .flatMap(balance -> s.createNativeQuery("""
                                        select t.model, to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
                                               sum(l.amount), count(*)
                                        from credit_ledger l join tasks t on t.id = l.task_id
                                        where l.tenant_id = :tenant and l.kind = 'charge'
                                          and l.created_at >= now() - make_interval(days => :days)
                                        group by 1, 2 order by 2, 1""", Object[].class)
                                .setParameter("tenant", tenantId)
                                .setParameter("days", DAYS)
                                .getResultList()
                                .map(spend -> view(balance, spend))));
    }

    private static Map<String, Object> view(Object[] balance, List<Object[]> spend) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("object", "usage");
        view.put("balance", balance[0]);
        view.put("reserved", balance[1]);
        view.put("spend", spend.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", r[0]);
            row.put("date", r[1]);
            row.put("amount", r[2]);
            row.put("tasks", r[3]);
            return row;
        }).toList());
        return view;
    }
}
