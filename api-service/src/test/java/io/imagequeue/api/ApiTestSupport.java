package io.imagequeue.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Shared request builders for the API's resource tests. */
final class ApiTestSupport {

    /** The key the test profile seeds for tenant {@code tenant-a}. */
    static final String KEY = "iq_test_0123456789abcdefghij";

    private ApiTestSupport() {
    }

    static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON);
    }
}
