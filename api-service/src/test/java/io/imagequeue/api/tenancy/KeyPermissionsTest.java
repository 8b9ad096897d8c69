package io.imagequeue.api.tenancy;

import static io.imagequeue.api.tenancy.Admin.aKey;
import static io.imagequeue.api.tenancy.Admin.aTenantWithCredits;
import static io.imagequeue.api.tenancy.Admin.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class KeyPermissionsTest {

    private static final String FLUX = "/v2/image/flux/generate";
    private static final String PROMPT = "{\"prompt\": \"a lighthouse\", \"async\": true}";

    @Test
    void anUnknownKeyIs401ButAKnownKeyThatMayNotDoSomethingIs403() {
        given().header("Authorization", "Bearer iq_nobody_0123456789abcdefghijk").when().get("/v2/usage").then()
                .statusCode(401).body("error.type", equalTo("authentication_error"));

        String tenant = aTenantWithCredits("5");
        String key = aKey(tenant, "{\"allowed_models\": [\"dall-e-3\"]}");
        as(key).body(PROMPT).when().post(FLUX).then()
                .statusCode(403)
                .body("error.type", equalTo("permission_error"))
                .body("error.code", equalTo("model_not_allowed"))
                .body("error.param", equalTo("model"));
    }

    @Test
    void aKeyLimitedToSomeModelsIsListedOnlyThoseModels() {
        String limited = aKey(aTenantWithCredits("1"), "{\"allowed_models\": [\"dall-e-3\", \"flux-dev\"]}");
        as(limited).when().get("/v1/models").then()
                .statusCode(200)
                .body("data.id", contains("flux-dev", "dall-e-3"));

        String unlimited = aKey(aTenantWithCredits("1"), "{}");
        as(unlimited).when().get("/v1/models").then()
                .statusCode(200)
                .body("data.size()", greaterThan(10));
    }

    @Test
    void aKeyStopsWorkingWhenItExpiresEvenIfThisReplicaTrustedItBefore() {
        long inTwoSeconds = Instant.now().plusSeconds(2).getEpochSecond();
        String key = aKey(aTenantWithCredits("1"), "{\"expires_at\": " + inTwoSeconds + "}");
        as(key).when().get("/v2/usage").then().statusCode(200);

        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(key).when().get("/v2/usage").then().extract().statusCode() != 200);
        as(key).when().get("/v2/usage").then()
                .statusCode(403)
                .body("error.type", equalTo("permission_error"))
                .body("error.code", equalTo("expired_api_key"));
    }

    @Test
    void aKeyMayUseTheModelsItIsAllowedByAnyOfTheirNames() {
        String tenant = aTenantWithCredits("5");
        String key = aKey(tenant, "{\"allowed_models\": [\"openai/gpt-image-1.5-T2I\"]}");
        as(key).body("{\"prompt\": \"a lighthouse\", \"quality\": \"low\", \"async\": true}")
                .when().post("/v2/image/gpt-image/generate").then().statusCode(202);
        as(key).body("{\"model\": \"dall-e-3\", \"prompt\": \"a lighthouse\", \"async\": true}")
                .when().post("/v1/images/generations").then().statusCode(403);
    }

    @Test
    void aKeyWithoutAModelListMayUseEveryModel() {
        String key = aKey(aTenantWithCredits("5"), "{}");
        as(key).body(PROMPT).when().post(FLUX).then().statusCode(202);
        as(key).body("{\"model\": \"dall-e-3\", \"prompt\": \"a lighthouse\", \"async\": true}")
                .when().post("/v1/images/generations").then().statusCode(202);
    }

    @Test
    void anEmptyModelListAllowsNoModel() {
        String key = aKey(aTenantWithCredits("5"), "{\"allowed_models\": []}");
        as(key).body(PROMPT).when().post(FLUX).then().statusCode(403);
    }
}
