package io.imagequeue.api.tenancy;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Test-data builders over the admin API: fresh tenants and keys for each test. */
final class Admin {

    /** The admin token of the test profile ({@code src/test/resources/application.properties}). */
    static final String TOKEN = "test-admin-token-0123456789abcdef";

    private Admin() {
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    /** A new tenant with the given credits (none when zero). */
    static String aTenantWithCredits(String credits) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        admin().body(Map.of("id", tenant)).when().post("/admin/tenants").then().statusCode(201);
        if (Double.parseDouble(credits) > 0) {
            admin().body("{\"amount\": " + credits + "}").when().post("/admin/tenants/" + tenant + "/credits")
                    .then().statusCode(200);
        }
        return tenant;
    }

    /** A new key of the tenant, created with the given JSON fields; answers the key itself. */
    static String aKey(String tenant, String fieldsJson) {
        return admin().body(fieldsJson).when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(201).extract().path("key");
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }
}
