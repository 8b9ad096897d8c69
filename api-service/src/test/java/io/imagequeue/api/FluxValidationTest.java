package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.authorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What {@code POST /v2/image/flux/generate} refuses, and how. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class FluxValidationTest {

    private static final String FLUX = "/v2/image/flux/generate";

    @Test
    void malformedJsonIs400WithoutParam() {
        authorized().body("{\"prompt\": ").when().post(FLUX).then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_json"));
    }

    @Test
    void emptyBodyIs400() {
        authorized().body("").when().post(FLUX).then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_json"));
    }

    @Test
    void missingPromptIs400NamingPrompt() {
        authorized().body("{\"async\": true}").when().post(FLUX).then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("prompt"));
    }

    @Test
    void widthThatIsNotAMultipleOf32Is400NamingWidth() {
        authorized().body("{\"prompt\": \"a cat\", \"width\": 100, \"async\": true}").when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("width"))
                .body("error.message", containsString("100"));
    }

    @Test
    void heightBelow64Is400NamingHeight() {
        authorized().body("{\"prompt\": \"a cat\", \"height\": 32}").when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("height"));
    }

    @Test
    void widthOfTheWrongTypeIs400NamingWidth() {
        authorized().body("{\"prompt\": \"a cat\", \"width\": \"wide\"}").when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("width"))
                .body("error.code", equalTo("invalid_type"));
    }

    @Test
    void unknownFieldIs400NamingIt() {
        authorized().body("{\"prompt\": \"a cat\", \"colour\": \"red\"}").when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("colour"))
                .body("error.code", equalTo("unknown_parameter"));
    }

    @Test
    void nonJsonContentTypeIs415() {
        given().header("Authorization", "Bearer " + ApiTestSupport.KEY).contentType("text/plain")
                .body("prompt=a cat").when().post(FLUX).then()
                .statusCode(415)
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void invalidPriorityIs400NamingPriority() {
        authorized().body("{\"prompt\": \"a cat\", \"priority\": \"urgent\", \"async\": true}").when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("priority"));
    }

    @Test
    void validAsyncRequestIsAcceptedWithATaskAddress() {
        authorized().body("{\"prompt\": \"a lighthouse\", \"width\": 512, \"height\": 384, \"async\": true}")
                .when().post(FLUX).then()
                .statusCode(202)
                .header("Location", matchesPattern(".*/v2/tasks/tsk_[0-9A-Za-z]{22}"))
                .body("status", equalTo("queued"))
                .body("task_address", matchesPattern("tsk_[0-9A-Za-z]{22}"))
                .body("status_url", matchesPattern("/v2/tasks/tsk_[0-9A-Za-z]{22}"));
    }

    @Test
    void syncCallThatOutlivesItsWaitAnswers504WithTheTaskAddress() {
        // No worker runs in this test: the task stays queued and the 2 s test wait runs out.
        authorized().body("{\"prompt\": \"a slow lighthouse\"}").when().post(FLUX).then()
                .statusCode(504)
                .body("error.type", equalTo("timeout_error"))
                .body("task_address", matchesPattern("tsk_[0-9A-Za-z]{22}"));
    }
}
