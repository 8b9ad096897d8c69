package io.imagequeue.api.batches;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class BatchesTest {

    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    private static final String LINE =
            "{\"custom_id\": \"a\", \"method\": \"POST\", \"url\": \"/v1/images/generations\", \"body\": {\"prompt\": \"a cat\"}}\n";

    @Test
    void aNewBatchIsAnOpenAiBatchObjectThatIsValidatingAndExpiresInADay() {
        String key = aKeyOfANewTenant();
        String file = upload(key);

        as(key).body(Map.of("input_file_id", file, "endpoint", "/v1/images/generations", "completion_window", "24h",
                        "metadata", Map.of("job", "catalog")))
                .when().post("/v1/batches").then()
                .statusCode(200)
                .body("id", startsWith("batch_"))
                .body("object", equalTo("batch"))
                .body("endpoint", equalTo("/v1/images/generations"))
                .body("input_file_id", equalTo(file))
                .body("completion_window", equalTo("24h"))
                .body("status", equalTo("validating"))
                .body("errors", nullValue())
                .body("output_file_id", nullValue())
                .body("request_counts.total", equalTo(0))
                .body("metadata.job", equalTo("catalog"))
                .body("created_at", notNullValue())
                .body("cancelled_at", nullValue());
    }

    @Test
    void aBatchExpires24HoursAfterItWasCreated() {
        String key = aKeyOfANewTenant();
        var batch = create(key, upload(key), "/v1/images/edits");
        int created = batch.path("created_at");
        as(key).when().get("/v1/batches/" + batch.path("id")).then()
                .statusCode(200)
                .body("expires_at", equalTo(created + 24 * 3600))
                .body("endpoint", equalTo("/v1/images/edits"))
                .body("metadata", nullValue());
    }

    @Test
    void aBatchWithAnEndpointWindowOrFileThisServiceDoesNotTakeIsRefusedByParameter() {
        String key = aKeyOfANewTenant();
        String file = upload(key);
        as(key).body(Map.of("input_file_id", file, "endpoint", "/v1/chat/completions", "completion_window", "24h"))
                .when().post("/v1/batches").then()
                .statusCode(400).body("error.param", equalTo("endpoint")).body("error.type", equalTo("invalid_request_error"));
        as(key).body(Map.of("input_file_id", file, "endpoint", "/v1/images/generations", "completion_window", "1h"))
                .when().post("/v1/batches").then()
                .statusCode(400).body("error.param", equalTo("completion_window"));
        as(key).body(Map.of("endpoint", "/v1/images/generations", "completion_window", "24h"))
                .when().post("/v1/batches").then()
                .statusCode(400).body("error.param", equalTo("input_file_id"))
                .body("error.code", equalTo("missing_required_parameter"));
        as(key).body(Map.of("input_file_id", "file-0000000000000000000000", "endpoint", "/v1/images/generations",
                        "completion_window", "24h"))
                .when().post("/v1/batches").then()
                .statusCode(400).body("error.param", equalTo("input_file_id"));
        as(key).body(Map.of("input_file_id", file, "endpoint", "/v1/images/generations", "completion_window", "24h",
                        "metadata", Map.of("n", 3)))
                .when().post("/v1/batches").then()
                .statusCode(400).body("error.param", equalTo("metadata.n"));
        as(key).body(Map.of("input_file_id", file, "endpoint", "/v1/images/generations", "completion_window", "24h",
                        "priority", "high"))
                .when().post("/v1/batches").then()
                .statusCode(400).body("error.param", equalTo("priority")).body("error.code", equalTo("unknown_parameter"));
    }

    @Test
    void anotherTenantsFileCannotBeBatchedAndAnotherTenantsBatchIsNotFound() {
        String owner = aKeyOfANewTenant();
        String stranger = aKeyOfANewTenant();
        String file = upload(owner);
        as(stranger).body(Map.of("input_file_id", file, "endpoint", "/v1/images/generations", "completion_window", "24h"))
                .when().post("/v1/batches").then()
                .statusCode(400).body("error.param", equalTo("input_file_id"));

        String batch = create(owner, file, "/v1/images/generations").path("id");
        as(stranger).when().get("/v1/batches/" + batch).then()
                .statusCode(404).body("error.type", equalTo("not_found_error")).body("error.code", equalTo("batch_not_found"));
        as(stranger).when().post("/v1/batches/" + batch + "/cancel").then().statusCode(404);
        as(stranger).when().get("/v1/batches").then().statusCode(200).body("data.size()", equalTo(0));
        as(owner).when().get("/v1/batches/" + batch).then().statusCode(200).body("status", equalTo("validating"));
    }

    @Test
    void batchesAreListedNewestFirstWithCursorPagination() {
        String key = aKeyOfANewTenant();
        String file = upload(key);
        String first = create(key, file, "/v1/images/generations").path("id");
        String second = create(key, file, "/v1/images/generations").path("id");
        String third = create(key, file, "/v1/images/generations").path("id");

        as(key).when().get("/v1/batches?limit=2").then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", contains(third, second))
                .body("first_id", equalTo(third))
                .body("last_id", equalTo(second))
                .body("has_more", equalTo(true));
        as(key).when().get("/v1/batches?limit=2&after=" + second).then()
                .statusCode(200)
                .body("data.id", contains(first))
                .body("has_more", equalTo(false));
        as(key).when().get("/v1/batches?limit=101").then().statusCode(400).body("error.param", equalTo("limit"));
    }

    @Test
    void aBatchCancelledBeforeAnyLineWasQueuedIsCancelledAtOnceAndCancellingAgainAnswersItAgain() {
        String key = aKeyOfANewTenant();
        String batch = create(key, upload(key), "/v1/images/generations").path("id");

        as(key).when().post("/v1/batches/" + batch + "/cancel").then()
                .statusCode(200)
                .body("id", equalTo(batch))
                .body("status", equalTo("cancelled"))
                .body("cancelling_at", notNullValue())
                .body("cancelled_at", notNullValue());
        as(key).when().post("/v1/batches/" + batch + "/cancel").then()
                .statusCode(200).body("status", equalTo("cancelled"));
        as(key).when().get("/v1/batches/" + batch).then().statusCode(200).body("status", equalTo("cancelled"));
    }

    @Test
    void anUnknownOrMalformedBatchIdIsNotFound() {
        String key = aKeyOfANewTenant();
        as(key).when().get("/v1/batches/batch_0000000000000000000000").then().statusCode(404);
        as(key).when().get("/v1/batches/nope").then().statusCode(404).body("error.code", equalTo("batch_not_found"));
        as(key).when().post("/v1/batches/nope/cancel").then().statusCode(404);
    }

    private static io.restassured.response.ExtractableResponse<io.restassured.response.Response> create(
            String key, String file, String endpoint) {
        return as(key).body(Map.of("input_file_id", file, "endpoint", endpoint, "completion_window", "24h"))
                .when().post("/v1/batches").then().statusCode(200).extract();
    }

    private static String upload(String key) {
        return given().header("Authorization", "Bearer " + key)
                .multiPart("file", "in.jsonl", LINE.getBytes(StandardCharsets.UTF_8)).multiPart("purpose", "batch")
                .when().post("/v1/files").then().statusCode(200).extract().path("id");
    }

    private static String aKeyOfANewTenant() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        admin().body(Map.of("id", tenant)).when().post("/admin/tenants").then().statusCode(201);
        return admin().body("{}").when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(201).extract().path("key");
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json");
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json");
    }
}
