package io.imagequeue.api.tenancy;

import static io.imagequeue.api.tenancy.Admin.aKey;
import static io.imagequeue.api.tenancy.Admin.aTenantWithCredits;
import static io.imagequeue.api.tenancy.Admin.admin;
import static io.imagequeue.api.tenancy.Admin.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class CreditsTest {

    /** FLUX.2 [pro] costs 0.03 for a 1024x1024 image in the catalog (its first megapixel). */
    private static final String FLUX = "/v2/image/flux/generate";
    private static final String PROMPT = "{\"prompt\": \"a lighthouse\", \"async\": true}";

    @Inject
    DataSource database;

    @Test
    void aRequestCostingMoreThanTheBalanceIs402AndNoTaskIsWritten() throws SQLException {
        String tenant = aTenantWithCredits("0.02");
        String key = aKey(tenant, "{}");

        as(key).body(PROMPT).when().post(FLUX).then()
                .statusCode(402)
                .body("error.type", equalTo("insufficient_quota"))
                .body("error.code", equalTo("insufficient_quota"));

        assertThat(count("select count(*) from tasks where tenant_id = ?", tenant)).isZero();
        assertThat(count("select count(*) from task_outbox o join tasks t on t.id = o.task_id where t.tenant_id = ?", tenant))
                .isZero();
        assertThat(count("select coalesce(sum(in_flight), 0) from api_key_usage u join api_keys k on k.id = u.key_id "
                + "where k.tenant_id = ?", tenant)).isZero();
        as(key).when().get("/v2/usage").then().body("balance", equalTo(0.02f)).body("reserved", equalTo(0f));
    }

    @Test
    void theWorstCaseIsCheckedNotJustOneImage() {
        // gpt-image low quality at 1024x1024 costs 0.009 an image: 4 images are 0.036.
        String key = aKey(aTenantWithCredits("0.03"), "{}");
        as(key).body("{\"prompt\": \"a lighthouse\", \"quality\": \"low\", \"n\": 4, \"async\": true}")
                .when().post("/v2/image/gpt-image/generate").then().statusCode(402);
        as(key).body("{\"prompt\": \"a lighthouse\", \"quality\": \"low\", \"n\": 3, \"async\": true}")
                .when().post("/v2/image/gpt-image/generate").then().statusCode(202);
    }

    @Test
    void submittingReservesTheCostAndCancelingReleasesIt() {
        String tenant = aTenantWithCredits("1");
        String key = aKey(tenant, "{}");

        String task = as(key).body(PROMPT).when().post(FLUX).then().statusCode(202).extract().path("task_address");
        as(key).when().get("/v2/usage").then()
                .statusCode(200)
                .body("balance", equalTo(0.97f))
                .body("reserved", equalTo(0.03f));

        as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);
        as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);

        as(key).when().get("/v2/usage").then()
                .body("balance", equalTo(1f))
                .body("reserved", equalTo(0f))
                .body("spend", hasSize(0));
        admin().when().get("/admin/tenants/" + tenant + "/credits").then()
                .body("ledger.kind", equalTo(List.of("release", "reserve", "top_up")))
                .body("ledger[0].task_address", equalTo(task))
                .body("ledger[0].amount", equalTo(0.03f));
    }

    @Test
    void flux2ReservesByMegapixels() {
        // 0.03 for the first megapixel and 0.015 for each of the three more of 2048x2048.
        String key = aKey(aTenantWithCredits("1"), "{}");

        as(key).body("{\"prompt\": \"a lighthouse\", \"width\": 2048, \"height\": 2048, \"async\": true}")
                .when().post(FLUX).then().statusCode(202);

        as(key).when().get("/v2/usage").then().body("reserved", equalTo(0.075f));
    }

    @Test
    void anIdempotentReplayReservesNothingMore() {
        String tenant = aTenantWithCredits("1");
        String key = aKey(tenant, "{}");
        as(key).header("Idempotency-Key", "once").body(PROMPT).when().post(FLUX).then().statusCode(202);
        as(key).header("Idempotency-Key", "once").body(PROMPT).when().post(FLUX).then().statusCode(202);
        as(key).when().get("/v2/usage").then().body("reserved", equalTo(0.03f));
    }

    @Test
    void usageShowsOnlyTheCallersTenant() {
        String key = aKey(aTenantWithCredits("3"), "{}");
        String otherKey = aKey(aTenantWithCredits("7"), "{}");
        as(key).when().get("/v2/usage").then().statusCode(200).body("object", equalTo("usage")).body("balance", equalTo(3f));
        as(otherKey).when().get("/v2/usage").then().statusCode(200).body("balance", equalTo(7f));
    }

    @Test
    void aTenantNeverSeesAnotherTenantsTask() {
        String key = aKey(aTenantWithCredits("1"), "{}");
        String otherKey = aKey(aTenantWithCredits("1"), "{}");
        String task = as(key).body(PROMPT).when().post(FLUX).then().statusCode(202).extract().path("task_address");
        as(otherKey).when().get("/v2/tasks/" + task).then().statusCode(404);
        as(otherKey).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(404);
        as(key).when().get("/v2/tasks/" + task).then().statusCode(200);
    }

    private long count(String sql, String tenant) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
