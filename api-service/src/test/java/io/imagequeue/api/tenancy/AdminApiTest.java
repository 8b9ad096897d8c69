package io.imagequeue.api.tenancy;

import static io.imagequeue.api.tenancy.Admin.aKey;
import static io.imagequeue.api.tenancy.Admin.aTenantWithCredits;
import static io.imagequeue.api.tenancy.Admin.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class AdminApiTest {

    @Test
    void adminEndpointsNeedTheAdminToken() {
        given().when().get("/admin/tenants/tenant-a/keys").then()
                .statusCode(401)
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo("invalid_admin_token"));
        given().header("Authorization", "Bearer not-the-admin-token").when().get("/admin/tenants/tenant-a/keys")
                .then().statusCode(401);
    }

    @Test
    void anApiKeyIsNotAnAdminToken() {
        given().header("Authorization", "Bearer iq_test_0123456789abcdefghij").when().get("/admin/tenants/tenant-a/keys")
                .then().statusCode(401);
    }

    @Test
    void createdKeyIsShownOnceAndListedOnlyByItsPrefix() {
        String tenant = aTenantWithCredits("0");
        Map<String, Object> created = admin()
                .body("{\"label\": \"ci\", \"allowed_models\": [\"dall-e-3\"], \"requests_per_minute\": 7, \"max_in_flight\": 3}")
                .when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(201)
                .body("key", matchesPattern("iq_[0-9A-Za-z]{40}"))
                .body("revoked", equalTo(false))
                .extract().as(Map.class);
        String key = (String) created.get("key");
        assertThat(created.get("prefix")).isEqualTo(key.substring(0, 16));

        String listing = admin().when().get("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].prefix", equalTo(key.substring(0, 16)))
                .body("data[0].label", equalTo("ci"))
                .body("data[0].allowed_models", equalTo(List.of("dall-e-3")))
                .body("data[0].requests_per_minute", equalTo(7))
                .body("data[0].max_in_flight", equalTo(3))
                .body("data[0].expires_at", nullValue())
                .extract().asString();
        assertThat(listing).doesNotContain(key).doesNotContain("hash");
    }

    @Test
    void revokingAKeyMakesItAnswer403FromThenOn() {
        String tenant = aTenantWithCredits("1");
        String key = aKey(tenant, "{}");
        Admin.as(key).when().get("/v2/usage").then().statusCode(200);
        String id = admin().when().get("/admin/tenants/" + tenant + "/keys").then().extract().path("data[0].id");

        admin().when().post("/admin/tenants/" + tenant + "/keys/" + id + "/revoke").then()
                .statusCode(200)
                .body("revoked", equalTo(true));

        Admin.as(key).when().get("/v2/usage").then()
                .statusCode(403)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("permission_error"))
                .body("error.code", equalTo("revoked_api_key"));
    }

    @Test
    void anotherTenantsKeyCannotBeRevokedThroughThisTenant() {
        String owner = aTenantWithCredits("0");
        String other = aTenantWithCredits("0");
        aKey(owner, "{}");
        String id = admin().when().get("/admin/tenants/" + owner + "/keys").then().extract().path("data[0].id");
        admin().when().post("/admin/tenants/" + other + "/keys/" + id + "/revoke").then()
                .statusCode(404)
                .body("error.code", equalTo("key_not_found"));
    }

    @Test
    void topUpsAddToTheBalanceAndAppearInTheLedger() {
        String tenant = aTenantWithCredits("0");
        admin().body("{\"amount\": 12.50, \"note\": \"invoice 42\"}").when().post("/admin/tenants/" + tenant + "/credits")
                .then().statusCode(200)
                .body("balance", equalTo(12.5f));
        admin().body("{\"amount\": 0.25}").when().post("/admin/tenants/" + tenant + "/credits").then().statusCode(200);

        admin().when().get("/admin/tenants/" + tenant + "/credits").then()
                .statusCode(200)
                .body("balance", equalTo(12.75f))
                .body("reserved", equalTo(0f))
                .body("ledger", hasSize(2))
                .body("ledger.kind", equalTo(List.of("top_up", "top_up")))
                .body("ledger.note", equalTo(java.util.Arrays.asList(null, "invoice 42")));
    }

    @Test
    void badAdminInputGetsTheContractsErrorShape() {
        admin().body("{\"id\": \"Not A Valid Id!\"}").when().post("/admin/tenants").then()
                .statusCode(400).body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo("id"));
        String tenant = aTenantWithCredits("0");
        admin().body("{\"id\": \"" + tenant + "\"}").when().post("/admin/tenants").then()
                .statusCode(409).body("error.code", equalTo("tenant_exists"));
        admin().body("{\"amount\": -5}").when().post("/admin/tenants/" + tenant + "/credits").then()
                .statusCode(400).body("error.param", equalTo("amount"));
        admin().body("{\"amount\": \"lots\"}").when().post("/admin/tenants/" + tenant + "/credits").then()
                .statusCode(400).body("error.param", equalTo("amount"));
        admin().body("{\"allowed_models\": [\"no-such-model\"]}").when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(400).body("error.param", equalTo("allowed_models"));
        admin().body("{\"max_in_flight\": 0}").when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(400).body("error.param", equalTo("max_in_flight"));
        admin().body("{}").when().post("/admin/tenants/nobody-here/keys").then()
                .statusCode(404).body("error.code", equalTo("tenant_not_found"));
        admin().body("{\"amount\": 1}").when().post("/admin/tenants/nobody-here/credits").then()
                .statusCode(404).body("error.code", equalTo("tenant_not_found"));
    }

    @Test
    void aTenantsFairShareWeightIsOneUnlessSetAtCreationOrChangedLater() {
        String plain = "t-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        admin().body(Map.of("id", plain)).when().post("/admin/tenants").then()
                .statusCode(201).body("weight", equalTo(1));
        String heavy = "t-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        admin().body(Map.of("id", heavy, "weight", 3)).when().post("/admin/tenants").then()
                .statusCode(201).body("weight", equalTo(3));

        admin().body("{\"weight\": 5}").when().patch("/admin/tenants/" + plain).then()
                .statusCode(200)
                .body("id", equalTo(plain))
                .body("weight", equalTo(5));
    }

    @Test
    void aWeightOutsideOneToAThousandOrForAnUnknownTenantIsRefused() {
        String tenant = aTenantWithCredits("0");
        for (String bad : List.of("{\"weight\": 0}", "{\"weight\": 1001}", "{\"weight\": 1.5}", "{\"weight\": \"heavy\"}",
                "{\"weight\": null}", "{}")) {
            admin().body(bad).when().patch("/admin/tenants/" + tenant).then()
                    .statusCode(400)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo("weight"));
        }
        admin().body("{\"weight\": 2, \"name\": \"renamed\"}").when().patch("/admin/tenants/" + tenant).then()
                .statusCode(400).body("error.param", equalTo("name"));
        admin().body(Map.of("id", "t-" + java.util.UUID.randomUUID().toString().substring(0, 12), "weight", -1))
                .when().post("/admin/tenants").then()
                .statusCode(400).body("error.param", equalTo("weight"));
        admin().body("{\"weight\": 2}").when().patch("/admin/tenants/nobody-here").then()
                .statusCode(404).body("error.code", equalTo("tenant_not_found"));
    }
}
