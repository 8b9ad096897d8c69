package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.imagequeue.api.inputs.TestImages;
import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Asking for a webhook on a generation request, what the task then shows, the signing secret, and
 * a task's delivery list. Deliveries themselves run on the workers (system tests).
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class WebhookRequestTest {

    /** The admin token of the test profile. */
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    private static final String FLUX = "/v2/image/flux/generate";
    /** A public address literal: accepted without a name lookup. */
    private static final String RECEIVER = "https://93.184.215.14/hooks/imagequeue";

    @Test
    void theTaskShowsItsWebhookAndTheEventsAskedFor() {
        String task = submit("{\"prompt\": \"a cat\", \"async\": true, \"webhook_url\": \"" + RECEIVER
                + "\", \"webhook_events\": [\"succeeded\", \"started\"]}");

        authorized().when().get("/v2/tasks/" + task).then()
                .statusCode(200)
                .body("webhook_url", equalTo(RECEIVER))
                .body("webhook_events", contains("started", "succeeded"));
    }

    @Test
    void withoutWebhookEventsTheTaskHearsHowItEnds() {
        String task = submit("{\"prompt\": \"a cat\", \"async\": true, \"webhook_url\": \"" + RECEIVER + "\"}");

        authorized().when().get("/v2/tasks/" + task).then()
                .body("webhook_events", contains("succeeded", "failed", "canceled"));
    }

    @Test
    void aTaskWithoutWebhookShowsNone() {
        String task = submit("{\"prompt\": \"a cat\", \"async\": true}");

        authorized().when().get("/v2/tasks/" + task).then()
                .body("webhook_url", nullValue())
                .body("webhook_events", nullValue());
    }

    @Test
    void theOpenAiRouteTakesTheFieldsAsExtraBodyFields() {
        String task = authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"a cat\", \"async\": true, \"webhook_url\": \""
                        + RECEIVER + "\", \"webhook_events\": [\"failed\"]}")
                .when().post("/v1/images/generations").then()
                .statusCode(202)
                .extract().path("task_address");

        authorized().when().get("/v2/tasks/" + task).then().body("webhook_events", contains("failed"));
    }

    @Test
    void aMultipartEditTakesTheEventsAsRepeatedBracketFields() {
        String task = given().header("Authorization", "Bearer " + ApiTestSupport.KEY).contentType("multipart/form-data")
                .multiPart("image", "photo.png", TestImages.png(16, 16), "image/png")
                .multiPart("model", "openai/gpt-image-1.5")
                .multiPart("prompt", "make it night")
                .multiPart("async", "true")
                .multiPart("webhook_url", RECEIVER)
                .multiPart("webhook_events[]", "started")
                .multiPart("webhook_events[]", "canceled")
                .when().post("/v1/images/edits").then()
                .statusCode(202)
                .extract().path("task_address");

        authorized().when().get("/v2/tasks/" + task).then()
                .body("webhook_url", equalTo(RECEIVER))
                .body("webhook_events", contains("started", "canceled"));
    }

    @Test
    void aUrlThatIsNotAbsoluteHttpIs400NamingWebhookUrl() {
        for (String url : new String[]{"ftp://93.184.215.14/x", "/relative", "not a url", ""}) {
            authorized().body("{\"prompt\": \"a cat\", \"async\": true, \"webhook_url\": \"" + url + "\"}")
                    .when().post(FLUX).then()
                    .statusCode(400)
                    .body("error.param", equalTo("webhook_url"))
                    .body("error.code", equalTo("invalid_webhook_url"));
        }
    }

    @Test
    void privateLoopbackAndMetadataDestinationsAreRefused() {
        for (String url : new String[]{"http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest",
                "http://[::1]/hook", "http://0x7f.1/hook", "http://user:pw@93.184.215.14/hook"}) {
            authorized().body("{\"prompt\": \"a cat\", \"async\": true, \"webhook_url\": \"" + url + "\"}")
                    .when().post(FLUX).then()
                    .statusCode(400)
                    .body("error.param", equalTo("webhook_url"));
        }
    }

    @Test
    void anUnknownEventIs400NamingWebhookEvents() {
        authorized().body("{\"prompt\": \"a cat\", \"webhook_url\": \"" + RECEIVER + "\", \"webhook_events\": [\"finished\"]}")
                .when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("webhook_events"))
                .body("error.message", containsString("finished"));
        authorized().body("{\"prompt\": \"a cat\", \"webhook_url\": \"" + RECEIVER + "\", \"webhook_events\": []}")
                .when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("webhook_events"));
    }

    @Test
    void eventsWithoutAUrlAre400() {
        authorized().body("{\"prompt\": \"a cat\", \"webhook_events\": [\"started\"]}")
                .when().post(FLUX).then()
                .statusCode(400)
                .body("error.param", equalTo("webhook_events"));
    }

    @Test
    void theSecretIsStableUntilRotatedAndTheOldOneKeepsSigningForADay() {
        String secret = authorized().when().get("/v2/webhooks/secret").then()
                .statusCode(200)
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}="))
                .extract().path("secret");
        authorized().when().get("/v2/webhooks/secret").then().body("secret", equalTo(secret));

        String rotated = authorized().when().post("/v2/webhooks/secret/rotate").then()
                .statusCode(200)
                .body("previous_secret_valid_until", notNullValue())
                .extract().path("secret");

        assertThat(rotated).isNotEqualTo(secret);
        authorized().when().get("/v2/webhooks/secret").then().body("secret", equalTo(rotated));
    }

    @Test
    void aCanceledTasksEventIsQueuedForDeliveryAndListed() {
        String task = submit("{\"prompt\": \"a cat\", \"async\": true, \"webhook_url\": \"" + RECEIVER + "\"}");
        authorized().when().get("/v2/tasks/" + task + "/webhooks").then()
                .statusCode(200)
                .body("data", empty());

        authorized().when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);

        authorized().when().get("/v2/tasks/" + task + "/webhooks").then()
                .statusCode(200)
                .body("data.event", contains("canceled"))
                .body("data[0].state", equalTo("pending"))
                .body("data[0].webhook_id", matchesPattern("msg_[0-9a-f]{32}"))
                .body("data[0].url", equalTo(RECEIVER));
    }

    @Test
    void redeliveringATaskWithoutDeliveriesIs409AndAnUnknownTaskIs404() {
        String task = submit("{\"prompt\": \"a cat\", \"async\": true}");

        authorized().when().post("/v2/tasks/" + task + "/webhooks/redeliver").then()
                .statusCode(409)
                .body("error.code", equalTo("no_webhook_delivery"));
        authorized().when().get("/v2/tasks/tsk_doesnotexist/webhooks").then().statusCode(404);
        authorized().when().post("/v2/tasks/tsk_doesnotexist/webhooks/redeliver").then().statusCode(404);
    }

    @Test
    void anotherTenantsTaskIs404AsIfItDidNotExist() {
        String task = submit("{\"prompt\": \"a cat\", \"async\": true, \"webhook_url\": \"" + RECEIVER + "\"}");
        String otherKey = anotherTenantsKey();

        for (String path : new String[]{"/v2/tasks/" + task + "/webhooks", "/v2/tasks/" + task + "/webhooks/redeliver"}) {
            var request = given().header("Authorization", "Bearer " + otherKey).when();
            (path.endsWith("redeliver") ? request.post(path) : request.get(path)).then()
                    .statusCode(404)
                    .body("error.code", equalTo("task_not_found"));
        }
    }

    private static String anotherTenantsKey() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        var admin = given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json");
        admin.body("{\"id\": \"" + tenant + "\"}").when().post("/admin/tenants").then().statusCode(201);
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                .body("{}").when().post("/admin/tenants/" + tenant + "/keys").then()
                .statusCode(201).extract().path("key");
    }

    private static String submit(String body) {
        return authorized().body(body).when().post(FLUX).then()
                .statusCode(202)
                .extract().path("task_address");
    }
}
