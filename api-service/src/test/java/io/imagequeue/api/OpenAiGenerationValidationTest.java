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

/** What {@code POST /v1/images/generations} accepts and refuses, and how, before any worker runs. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class OpenAiGenerationValidationTest {

    private static final String GENERATIONS = "/v1/images/generations";

    @Test
    void missingPromptIs400NamingPrompt() {
        authorized().body("{\"model\": \"dall-e-3\"}").when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("prompt"))
                .body("error.code", equalTo("missing_required_parameter"));
    }

    @Test
    void sizeTheModelDoesNotHaveIs400ListingTheAllowedSizes() {
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"size\": \"2048x2048\"}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("size"))
                .body("error.code", equalTo("invalid_size"))
                .body("error.message", equalTo(
                        "Invalid image size '2048x2048'. Allowed sizes: 1024x1024, 1024x1792, 1792x1024"));
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        authorized().body("{\"model\": \"dall-e-9\", \"prompt\": \"a cat\"}").when().post(GENERATIONS).then()
                .statusCode(404)
                .body("error.type", equalTo("not_found_error"))
                .body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("model"));
    }

    @Test
    void moreImagesThanTheModelMakesIs400NamingN() {
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"n\": 2}").when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("n"))
                .body("error.message", containsString("at most 1 image"));
    }

    @Test
    void nAboveTenIs400ForAnyModel() {
        authorized().body("{\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"a cat\", \"n\": 11}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("n"));
    }

    @Test
    void qualityTheModelDoesNotOfferIs400ListingItsQualities() {
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"quality\": \"low\"}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("quality"))
                .body("error.message", containsString("Allowed values: standard, hd"));
    }

    @Test
    void parameterTheModelDoesNotTakeIs400NamingIt() {
        authorized().body("{\"model\": \"openai/gpt-image-1.5\", \"prompt\": \"a cat\", \"style\": \"vivid\"}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("style"))
                .body("error.code", equalTo("unsupported_parameter"));
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"guidance_scale\": 5}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("guidance_scale"));
    }

    @Test
    void unknownResponseFormatIs400() {
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"response_format\": \"xml\"}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("response_format"))
                .body("error.message", containsString("url, b64_json"));
    }

    @Test
    void compressionWithPngIs400NamingOutputCompression() {
        authorized().body("{\"model\": \"openai/gpt-image-1.5\", \"prompt\": \"a cat\", \"output_compression\": 50}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("output_compression"));
    }

    @Test
    void outputFormatOutsideTheContractIs400() {
        authorized().body("{\"model\": \"openai/gpt-image-1.5\", \"prompt\": \"a cat\", \"output_format\": \"gif\"}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("output_format"))
                .body("error.message", containsString("png, jpeg, webp"));
    }

    @Test
    void promptLongerThanTheModelAllowsIs400PromptTooLong() {
        String prompt = "a".repeat(4001);
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"" + prompt + "\"}").when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("prompt"))
                .body("error.code", equalTo("prompt_too_long"));
    }

    @Test
    void aspectRatioTakesPrecedenceOverSize() {
        // An invalid size is ignored when an aspect ratio is given ...
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"size\": \"7x7\", \"aspect_ratio\": \"16:9\","
                        + " \"async\": true}")
                .when().post(GENERATIONS).then()
                .statusCode(202);
        // ... and a valid size does not rescue an aspect ratio the model has no size for.
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"size\": \"1024x1024\", \"aspect_ratio\": \"4:1\"}")
                .when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("aspect_ratio"));
    }

    @Test
    void modelAutoPicksTheConfiguredDefaultModel() {
        String address = authorized().body("{\"model\": \"auto\", \"prompt\": \"a cat\", \"async\": true}")
                .when().post(GENERATIONS).then()
                .statusCode(202)
                .header("Location", matchesPattern(".*/v2/tasks/tsk_[0-9A-Za-z]{22}"))
                .extract().path("task_address");
        authorized().when().get("/v2/tasks/" + address).then()
                .statusCode(200)
                .body("model", equalTo("google/gemini-3-pro-T2I"))
                .body("endpoint", equalTo(GENERATIONS));
    }

    @Test
    void anAliasIsReportedByItsCanonicalId() {
        String address = authorized().body("{\"model\": \"gpt-image-1.5\", \"prompt\": \"a cat\", \"n\": 3, \"async\": true}")
                .when().post(GENERATIONS).then().statusCode(202).extract().path("task_address");
        authorized().when().get("/v2/tasks/" + address).then().body("model", equalTo("openai/gpt-image-1.5"));
    }

    @Test
    void unknownFieldIs400NamingIt() {
        authorized().body("{\"prompt\": \"a cat\", \"colour\": \"red\"}").when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("colour"))
                .body("error.code", equalTo("unknown_parameter"));
    }

    @Test
    void wrongTypeIs400NamingTheField() {
        authorized().body("{\"prompt\": \"a cat\", \"n\": \"two\"}").when().post(GENERATIONS).then()
                .statusCode(400)
                .body("error.param", equalTo("n"))
                .body("error.code", equalTo("invalid_type"));
    }

    @Test
    void nonJsonContentTypeIs415() {
        given().header("Authorization", "Bearer " + ApiTestSupport.KEY).contentType("text/plain").body("a cat")
                .when().post(GENERATIONS).then()
                .statusCode(415)
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void bodyOverTheTextEndpointLimitIs413InTheContractShape() {
        String prompt = "a".repeat(1_100_000);
        authorized().body("{\"prompt\": \"" + prompt + "\"}").when().post(GENERATIONS).then()
                .statusCode(413)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("request_too_large"));
    }

    @Test
    void withoutAKeyIs401() {
        given().contentType("application/json").body("{\"prompt\": \"a cat\"}").when().post(GENERATIONS).then()
                .statusCode(401)
                .body("error.type", equalTo("authentication_error"));
    }
}
