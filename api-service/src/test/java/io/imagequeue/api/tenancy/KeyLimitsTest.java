package io.imagequeue.api.tenancy;

import static io.imagequeue.api.tenancy.Admin.aKey;
import static io.imagequeue.api.tenancy.Admin.aTenantWithCredits;
import static io.imagequeue.api.tenancy.Admin.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class KeyLimitsTest {

    private static final String FLUX = "/v2/image/flux/generate";
    private static final String PROMPT = "{\"prompt\": \"a lighthouse\", \"async\": true}";

    @Test
    void theRequestAfterTheKeysPerMinuteLimitIs429WithRetryAfterAndRateHeaders() throws InterruptedException {
        String key = aKey(aTenantWithCredits("5"), "{\"requests_per_minute\": 3}");
        awayFromAMinuteBoundary();

        for (int remaining = 2; remaining >= 0; remaining--) {
            as(key).body(PROMPT).when().post(FLUX).then()
                    .statusCode(202)
                    .header("x-ratelimit-limit-requests", "3")
                    .header("x-ratelimit-remaining-requests", Integer.toString(remaining))
                    .header("x-ratelimit-reset-requests", matchesPattern("\\d+s"));
        }
        Response refused = as(key).body(PROMPT).when().post(FLUX).then()
                .statusCode(429)
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.code", equalTo("rate_limit_exceeded"))
                .header("Retry-After", notNullValue())
                .header("x-ratelimit-limit-requests", "3")
                .header("x-ratelimit-remaining-requests", "0")
                .extract().response();
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void theTaskAfterTheKeysInFlightLimitIs429UntilOneOfItsTasksEnds() {
        String key = aKey(aTenantWithCredits("5"), "{\"max_in_flight\": 2}");
        String first = as(key).body(PROMPT).when().post(FLUX).then().statusCode(202).extract().path("task_address");
        as(key).body(PROMPT).when().post(FLUX).then().statusCode(202);

        as(key).body(PROMPT).when().post(FLUX).then()
                .statusCode(429)
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.code", equalTo("too_many_tasks_in_flight"))
                .header("Retry-After", notNullValue())
                .header("x-ratelimit-limit-requests", notNullValue());

        as(key).when().post("/v2/tasks/" + first + "/cancel").then().statusCode(200);
        as(key).body(PROMPT).when().post(FLUX).then().statusCode(202);
    }

    @Test
    void limitsArePerKeyNotPerTenant() {
        String tenant = aTenantWithCredits("5");
        String busy = aKey(tenant, "{\"max_in_flight\": 1}");
        String other = aKey(tenant, "{\"max_in_flight\": 1}");
        as(busy).body(PROMPT).when().post(FLUX).then().statusCode(202);
        as(busy).body(PROMPT).when().post(FLUX).then().statusCode(429);
        as(other).body(PROMPT).when().post(FLUX).then().statusCode(202);
    }

    @Test
    void aReplayedIdempotencyKeyAnswersItsTaskEvenAtTheLimit() {
        String key = aKey(aTenantWithCredits("5"), "{\"max_in_flight\": 1}");
        String first = as(key).header("Idempotency-Key", "limit-replay").body(PROMPT).when().post(FLUX).then()
                .statusCode(202).extract().path("task_address");
        as(key).header("Idempotency-Key", "limit-replay").body(PROMPT).when().post(FLUX).then()
                .statusCode(202)
                .header("Idempotency-Replayed", "true")
                .body("task_address", equalTo(first));
    }

    /** A fixed one-minute window starts over at the minute: keep the test's requests inside one. */
    private static void awayFromAMinuteBoundary() throws InterruptedException {
        Instant now = Instant.now();
        long left = ChronoUnit.MILLIS.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
        if (left < 10_000) {
            Thread.sleep(left + 200);
        }
    }
}
