package io.imagequeue.api.watching;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Fresh tenants and keys over the admin API, and their async submissions. */
final class Tenants {

    /** The admin token of the test profile ({@code src/test/resources/application.properties}). */
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private Tenants() {
    }

    /** A key of a new tenant with enough credits for a few hundred tasks. */
    static String aNewTenantsKey() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        admin().body(Map.of("id", tenant)).when().post("/admin/tenants").then().statusCode(201);
        admin().body("{\"amount\": 100}").when().post("/admin/tenants/" + tenant + "/credits").then().statusCode(200);
        return admin().body("{}").when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(201).extract().path("key");
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    /** Submits an async task to a provider route ({@code flux}, {@code qwen}, …); answers its address. */
    static String submit(String key, String route) {
        return as(key).body("{\"prompt\": \"a lighthouse\", \"async\": true}")
                .when().post("/v2/image/" + route + "/generate").then()
                .statusCode(202).extract().path("task_address");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
    }
}
