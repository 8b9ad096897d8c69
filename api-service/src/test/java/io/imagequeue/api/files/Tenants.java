package io.imagequeue.api.files;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A fresh tenant and key per test, made through the admin API, so tests never share files. */
public final class Tenants {

    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private Tenants() {
    }

    public static String aKeyOfANewTenant(String credits) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        admin().body(Map.of("id", tenant)).when().post("/admin/tenants").then().statusCode(201);
        admin().body("{\"amount\": " + credits + "}").when().post("/admin/tenants/" + tenant + "/credits")
                .then().statusCode(200);
        return admin().body("{}").when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(201).extract().path("key");
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json");
    }
}
