package io.imagequeue.api.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@TestProfile(AdminDisabledTest.WithoutAdminToken.class)
class AdminDisabledTest {

    /** A deployment that set no admin token. */
    public static class WithoutAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagequeue.admin.token", "");
        }
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiDoesNotExistWhateverTheCallerSends() {
        given().when().get("/admin/tenants/tenant-a/keys").then()
                .statusCode(404)
                .body("error.type", equalTo("not_found_error"));
        given().header("Authorization", "Bearer ").body("{\"id\": \"x\"}").contentType("application/json")
                .when().post("/admin/tenants").then().statusCode(404);
        given().header("Authorization", "Bearer test-admin-token-0123456789abcdef").when()
                .get("/admin/tenants/tenant-a/credits").then().statusCode(404);
    }
}
