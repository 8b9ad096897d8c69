package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class AuthenticationTest {

    private static final String TASK = "/v2/tasks/tsk_0000000000000000000000";

    @Test
    void requestWithoutKeyIsRejectedWith401InTheContractShape() {
        given().when().get(TASK).then()
                .statusCode(401)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.param", nullValue())
                .body("error.message", startsWith("You didn't provide an API key"));
    }

    @Test
    void unknownKeyIsRejectedWith401() {
        given().header("Authorization", "Bearer iq_wrong_0123456789abcdefghij").when().get(TASK).then()
                .statusCode(401)
                .body("error.type", equalTo("authentication_error"))
                .body("error.message", equalTo("Incorrect API key provided."));
    }

    @Test
    void keyWithTheRightPrefixButWrongSecretIsRejected() {
        String samePrefix = KEY.substring(0, 16) + "XXXXXXXXXXXX";
        given().header("x-api-key", samePrefix).when().get(TASK).then().statusCode(401);
    }

    @Test
    void bearerKeyAuthenticates() {
        given().header("Authorization", "Bearer " + KEY).when().get(TASK).then()
                .statusCode(404)
                .body("error.code", equalTo("task_not_found"));
    }

    @Test
    void xApiKeyHeaderAuthenticates() {
        given().header("x-api-key", KEY).when().get(TASK).then()
                .statusCode(404)
                .body("error.type", equalTo("not_found_error"));
    }

    @Test
    void healthNeedsNoKey() {
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void everyAnswerCarriesARequestIdAndEchoesTheCallers() {
        given().header("x-request-id", "trace-me-42").when().get(TASK).then()
                .statusCode(401)
                .header("x-request-id", equalTo("trace-me-42"));
        given().header("x-api-key", KEY).when().get(TASK).then()
                .header("x-request-id", startsWith("req_"));
    }
}
