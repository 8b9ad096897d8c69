package io.imagequeue.api.tenancy;

import static io.imagequeue.api.tenancy.Admin.aKey;
import static io.imagequeue.api.tenancy.Admin.aTenantWithCredits;
import static io.imagequeue.api.tenancy.Admin.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Many submissions of one key at the same moment are admitted together in batches; the key's
 * limits, the tenant's balance and idempotency keys must hold exactly as if they came one by one.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class ConcurrentSubmissionsTest {

    private static final String FLUX = "/v2/image/flux/generate";
    private static final String PROMPT = "{\"prompt\": \"a lighthouse\", \"async\": true}";
    private static final int CONCURRENT = 24;

    @Inject
    DataSource database;

    @Test
    void aBurstOverTheKeysPerMinuteLimitAdmitsExactlyTheLimit() throws Exception {
        awayFromAMinuteBoundary();
        String tenant = aTenantWithCredits("100");
        String key = aKey(tenant, "{\"requests_per_minute\": 25}");

        Map<Integer, List<Response>> byStatus = burst(60, i -> () -> as(key).body(PROMPT).when().post(FLUX));

        assertThat(byStatus.get(202)).hasSize(25);
        assertThat(byStatus.get(429)).hasSize(35)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("error.code")).isEqualTo("rate_limit_exceeded"));
        assertThat(count("select count(*) from tasks where tenant_id = ?", tenant)).isEqualTo(25);
        assertThat(count("select count(*) from credit_ledger where tenant_id = ? and kind = 'reserve'", tenant))
                .isEqualTo(25);
        assertThat(count("select sum(window_count) from api_key_usage u join api_keys k on k.id = u.key_id "
                + "where k.tenant_id = ?", tenant)).isEqualTo(25);
        assertThat(count("select sum(in_flight) from api_key_usage u join api_keys k on k.id = u.key_id "
                + "where k.tenant_id = ?", tenant)).isEqualTo(25);
        assertThat(remainingHeaders(byStatus.get(202))).doesNotHaveDuplicates();
    }

    @Test
    void aBurstOverTheInFlightLimitAdmitsExactlyTheLimit() throws Exception {
        String tenant = aTenantWithCredits("100");
        String key = aKey(tenant, "{\"max_in_flight\": 7}");

        Map<Integer, List<Response>> byStatus = burst(40, i -> () -> as(key).body(PROMPT).when().post(FLUX));

        assertThat(byStatus.get(202)).hasSize(7);
        assertThat(byStatus.get(429)).hasSize(33)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("error.code")).isEqualTo("too_many_tasks_in_flight"));
        assertThat(count("select count(*) from tasks where tenant_id = ?", tenant)).isEqualTo(7);
    }

    @Test
    void aBurstLargerThanTheBalanceReservesExactlyWhatTheBalanceCovers() throws Exception {
        // FLUX.2 [pro] costs 0.03 an image: 0.30 covers ten tasks.
        String tenant = aTenantWithCredits("0.30");
        String key = aKey(tenant, "{}");

        Map<Integer, List<Response>> byStatus = burst(40, i -> () -> as(key).body(PROMPT).when().post(FLUX));

        assertThat(byStatus.get(202)).hasSize(10);
        assertThat(byStatus.get(402)).hasSize(30);
        assertThat(decimal("select balance from tenants where id = ?", tenant)).isEqualByComparingTo("0");
        assertThat(decimal("select reserved from tenants where id = ?", tenant)).isEqualByComparingTo("0.30");
        assertThat(decimal("select sum(amount) from credit_ledger where tenant_id = ? and kind = 'reserve'", tenant))
                .isEqualByComparingTo("0.30");
    }

    @Test
    void oneIdempotencyKeySentManyTimesAtOnceMakesOneTaskAndOneReservation() throws Exception {
        String tenant = aTenantWithCredits("100");
        String key = aKey(tenant, "{}");

        Map<Integer, List<Response>> byStatus = burst(30, i -> () -> as(key)
                .header("Idempotency-Key", "burst-once").body(PROMPT).when().post(FLUX));

        assertThat(byStatus.keySet()).containsExactly(202);
        List<Response> answers = byStatus.get(202);
        assertThat(answers.stream().map(r -> r.jsonPath().getString("task_address")).distinct()).hasSize(1);
        assertThat(answers.stream().filter(r -> "true".equals(r.header("Idempotency-Replayed")))).hasSize(29);
        assertThat(count("select count(*) from tasks where tenant_id = ?", tenant)).isEqualTo(1);
        assertThat(count("select count(*) from credit_ledger where tenant_id = ? and kind = 'reserve'", tenant))
                .isEqualTo(1);
        assertThat(count("select sum(in_flight) from api_key_usage u join api_keys k on k.id = u.key_id "
                + "where k.tenant_id = ?", tenant)).isEqualTo(1);
    }

    @Test
    void distinctIdempotencyKeysInOneBurstEachMakeTheirOwnTask() throws Exception {
        String tenant = aTenantWithCredits("100");
        String key = aKey(tenant, "{}");

        Map<Integer, List<Response>> byStatus = burst(30, i -> () -> as(key)
                .header("Idempotency-Key", "burst-" + (i % 10)).body(PROMPT).when().post(FLUX));

        assertThat(byStatus.keySet()).containsExactly(202);
        assertThat(byStatus.get(202).stream().map(r -> r.jsonPath().getString("task_address")).distinct()).hasSize(10);
        assertThat(count("select count(*) from tasks where tenant_id = ?", tenant)).isEqualTo(10);
    }

    private Map<Integer, List<Response>> burst(int requests, Function<Integer, Callable<Response>> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(request.apply(i)));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses.stream().collect(Collectors.groupingBy(Response::statusCode));
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> remainingHeaders(List<Response> responses) {
        return responses.stream().map(r -> r.header("x-ratelimit-remaining-requests")).toList();
    }

    private long count(String sql, String tenant) throws SQLException {
        BigDecimal value = decimal(sql, tenant);
        return value == null ? 0 : value.longValueExact();
    }

    private BigDecimal decimal(String sql, String tenant) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBigDecimal(1);
            }
        }
    }

    /** A fixed one-minute window starts over at the minute: keep the burst inside one. */
    private static void awayFromAMinuteBoundary() throws InterruptedException {
        Instant now = Instant.now();
        long left = ChronoUnit.MILLIS.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
        if (left < 15_000) {
            Thread.sleep(left + 200);
        }
    }
}
