package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.inputs.TestImages;
import io.imagequeue.objectstore.ObjectStore;
import io.imagequeue.testinfra.Infrastructure;
import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/images/edits} in both forms: what it refuses, and that accepted inputs are checked,
 * stored under the task's folder and referenced by key (never by bytes) in the queued task.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class ImageEditTest {

    private static final String EDITS = "/v1/images/edits";
    private static final String GPT_IMAGE = "openai/gpt-image-1.5";

    @Inject
    ObjectStore store;

    // ---- JSON form ----

    @Test
    void jsonEditWithADataUrlIsQueuedWithTheImageStoredByKey() throws Exception {
        String body = "{\"model\": \"" + GPT_IMAGE + "\", \"prompt\": \"add a scarf\", \"async\": true,"
                + " \"images\": [{\"image_url\": \"" + TestImages.dataUrl(TestImages.png(64, 48)) + "\"}]}";

        String address = authorized().body(body).when().post(EDITS).then()
                .statusCode(202)
                .body("status", equalTo("queued"))
                .extract().path("task_address");

        JsonNode request = storedRequest(address);
        String key = request.at("/input_image_keys/0").asText();
        assertThat(key).matches("tenants/tenant-a/tasks/tsk_[0-9A-Za-z]{22}/input-0\\.png");
        assertThat(store.read(key)).isEqualTo(TestImages.png(64, 48));
        assertThat(request.toString()).doesNotContain("base64");
        assertThat(request.at("/response_format").asText()).isEqualTo("b64_json");
    }

    @Test
    void missingImagesIs400NamingImages() {
        authorized().body("{\"model\": \"" + GPT_IMAGE + "\", \"prompt\": \"x\"}").when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("images"))
                .body("error.code", equalTo("missing_required_parameter"));
    }

    @Test
    void imagesThatAreNotAnArrayOfImageUrlsAre400() {
        authorized().body("{\"prompt\": \"x\", \"images\": \"https://example.com/a.png\"}").when().post(EDITS).then()
                .statusCode(400).body("error.param", equalTo("images"));
        authorized().body("{\"prompt\": \"x\", \"images\": [{\"url\": \"https://example.com/a.png\"}]}").when().post(EDITS).then()
                .statusCode(400).body("error.param", equalTo("images[0].image_url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/a.png", "http://localhost/a.png", "http://2130706433/a.png",
            "http://0x7f000001/a.png", "http://0177.0.0.1/a.png", "http://127.1/a.png", "http://[::1]/a.png",
            "http://[::ffff:127.0.0.1]/a.png", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/a.png",
            "http://192.168.1.20/a.png", "http://[fd00:ec2::254]/a.png", "http://100.100.100.200/a.png",
            "ftp://example.com/a.png", "file:///etc/passwd"})
    void imageUrlsThatDoNotLeadToThePublicInternetAreRefused(String url) {
        authorized().body("{\"model\": \"" + GPT_IMAGE + "\", \"prompt\": \"x\", \"images\": [{\"image_url\": \"" + url + "\"}]}")
                .when().post(EDITS).then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_image_url"))
                .body("error.param", equalTo("images[0].image_url"));
    }

    @Test
    void aGifIsRefusedWith415() {
        jsonEdit(TestImages.dataUrl(TestImages.gif(16, 16))).then()
                .statusCode(415)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("unsupported_image_format"));
    }

    @Test
    void aTruncatedPngIsRefusedWith400() {
        jsonEdit(TestImages.dataUrl(TestImages.truncatedPng())).then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_image"));
    }

    @Test
    void aDecompressionBombIsRefusedWith413() {
        jsonEdit(TestImages.dataUrl(TestImages.pngDeclaring(60_000, 60_000))).then()
                .statusCode(413)
                .body("error.code", equalTo("image_too_large"))
                .body("error.message", containsString("60000x60000"));
    }

    @Test
    void anImageOverTheByteLimitIsRefusedWith413() {
        jsonEdit(TestImages.dataUrl(TestImages.pngOfAbout(1_300_000))).then()
                .statusCode(413)
                .body("error.code", equalTo("image_too_large"));
    }

    @Test
    void invalidBase64IsRefusedWith400() {
        jsonEdit("data:image/png;base64,@@@not-base64@@@").then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_image"));
    }

    @Test
    void aModelThatCannotEditIs400NamingModel() {
        authorized().body("{\"model\": \"dall-e-3\", \"prompt\": \"x\", \"images\": [{\"image_url\": \""
                        + TestImages.dataUrl(TestImages.png(8, 8)) + "\"}]}")
                .when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("model"));
    }

    @Test
    void aMaskOnAModelWithoutMasksIs400NamingMask() {
        String image = TestImages.dataUrl(TestImages.png(8, 8));
        authorized().body("{\"model\": \"gemini-2.5-flash-image\", \"prompt\": \"x\", \"images\": [{\"image_url\": \""
                        + image + "\"}], \"mask\": {\"image_url\": \"" + image + "\"}}")
                .when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("mask"));
    }

    @Test
    void sizeOutsideTheModelsSizesIs400() {
        authorized().body("{\"model\": \"" + GPT_IMAGE + "\", \"prompt\": \"x\", \"size\": \"512x512\", \"images\": [{\"image_url\": \""
                        + TestImages.dataUrl(TestImages.png(8, 8)) + "\"}]}")
                .when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("size"));
    }

    @Test
    void inputFidelityOutsideHighAndLowIs400() {
        authorized().body("{\"model\": \"" + GPT_IMAGE + "\", \"prompt\": \"x\", \"input_fidelity\": \"medium\", \"images\": [{\"image_url\": \""
                        + TestImages.dataUrl(TestImages.png(8, 8)) + "\"}]}")
                .when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("input_fidelity"));
    }

    // ---- multipart form ----

    @Test
    void multipartEditWithImageAndMaskIsQueuedWithBothStored() throws Exception {
        String address = multipart()
                .multiPart("image", "photo.png", TestImages.png(32, 32), "image/png")
                .multiPart("mask", "mask.png", TestImages.png(32, 32), "image/png")
                .multiPart("model", GPT_IMAGE)
                .multiPart("prompt", "make it night")
                .multiPart("n", "2")
                .multiPart("async", "true")
                .when().post(EDITS).then()
                .statusCode(202)
                .extract().path("task_address");

        JsonNode request = storedRequest(address);
        assertThat(request.at("/request/n").asInt()).isEqualTo(2);
        assertThat(request.at("/mask_key").asText()).endsWith("/mask.png");
        assertThat(store.exists(request.at("/mask_key").asText())).isTrue();
        assertThat(store.exists(request.at("/input_image_keys/0").asText())).isTrue();
    }

    @Test
    void severalImagesUnderImageBracketsAndFileAreKeptInOrder() throws Exception {
        String address = multipart()
                .multiPart("image[]", "a.png", TestImages.png(10, 10), "image/png")
                .multiPart("image[]", "b.jpg", TestImages.jpeg(12, 12), "image/jpeg")
                .multiPart("file", "c.webp", TestImages.webp(14, 14), "image/webp")
                .multiPart("model", GPT_IMAGE)
                .multiPart("prompt", "combine them")
                .multiPart("async", "true")
                .when().post(EDITS).then()
                .statusCode(202)
                .extract().path("task_address");

        JsonNode keys = storedRequest(address).get("input_image_keys");
        assertThat(keys).hasSize(3);
        assertThat(keys.get(0).asText()).endsWith("input-0.png");
        assertThat(keys.get(1).asText()).endsWith("input-1.jpg");
        assertThat(keys.get(2).asText()).endsWith("input-2.webp");
    }

    @Test
    void multipartWithoutAnImageIs400NamingImage() {
        multipart().multiPart("prompt", "x").multiPart("model", GPT_IMAGE).when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("image"));
    }

    @Test
    void multipartScalarOfTheWrongTypeIs400NamingIt() {
        multipart().multiPart("image", "a.png", TestImages.png(8, 8), "image/png")
                .multiPart("prompt", "x").multiPart("n", "two").when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("n"))
                .body("error.code", equalTo("invalid_type"));
        multipart().multiPart("image", "a.png", TestImages.png(8, 8), "image/png")
                .multiPart("prompt", "x").multiPart("async", "maybe").when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("async"));
    }

    @Test
    void multipartUnknownFieldIs400NamingIt() {
        multipart().multiPart("image", "a.png", TestImages.png(8, 8), "image/png")
                .multiPart("prompt", "x").multiPart("colour", "red").when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("colour"));
    }

    @Test
    void multipartImageSentAsTextIs400() {
        multipart().multiPart("image", "not a file").multiPart("prompt", "x").when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("image"));
    }

    @Test
    void multipartGifNamedPngIsRefusedByContentWith415() {
        multipart().multiPart("image", "innocent.png", TestImages.gif(8, 8), "image/png")
                .multiPart("prompt", "x").multiPart("model", GPT_IMAGE).when().post(EDITS).then()
                .statusCode(415)
                .body("error.code", equalTo("unsupported_image_format"))
                .body("error.param", equalTo("image"));
    }

    @Test
    void multipartMaskOfAnotherSizeIs400NamingMask() {
        multipart().multiPart("image", "a.png", TestImages.png(32, 32), "image/png")
                .multiPart("mask", "m.png", TestImages.png(16, 16), "image/png")
                .multiPart("model", GPT_IMAGE).multiPart("prompt", "x").when().post(EDITS).then()
                .statusCode(400)
                .body("error.param", equalTo("mask"))
                .body("error.code", equalTo("invalid_mask"));
    }

    @Test
    void theSameUploadWithTheSameIdempotencyKeyReplaysTheTask() {
        String key = UUID.randomUUID().toString();
        byte[] image = TestImages.png(20, 20);
        String first = multipart().header("Idempotency-Key", key)
                .multiPart("image", "a.png", image, "image/png").multiPart("model", GPT_IMAGE)
                .multiPart("prompt", "same").multiPart("async", "true")
                .when().post(EDITS).then().statusCode(202).extract().path("task_address");
        String second = multipart().header("Idempotency-Key", key)
                .multiPart("image", "a.png", image, "image/png").multiPart("model", GPT_IMAGE)
                .multiPart("prompt", "same").multiPart("async", "true")
                .when().post(EDITS).then().statusCode(202).header("Idempotency-Replayed", "true")
                .extract().path("task_address");
        assertThat(second).isEqualTo(first);

        multipart().header("Idempotency-Key", key)
                .multiPart("image", "a.png", TestImages.png(21, 20), "image/png").multiPart("model", GPT_IMAGE)
                .multiPart("prompt", "same").multiPart("async", "true")
                .when().post(EDITS).then().statusCode(409);
    }

    @Test
    void aContentTypeThatIsNeitherJsonNorMultipartIs415() {
        given().header("Authorization", "Bearer " + ApiTestSupport.KEY).contentType("application/x-www-form-urlencoded")
                .formParam("prompt", "x").when().post(EDITS).then()
                .statusCode(415)
                .body("error.type", equalTo("invalid_request_error"));
    }

    private static io.restassured.response.Response jsonEdit(String imageUrl) {
        return authorized().body("{\"model\": \"" + GPT_IMAGE + "\", \"prompt\": \"x\", \"images\": [{\"image_url\": \""
                + imageUrl + "\"}]}").when().post(EDITS);
    }

    private static RequestSpecification multipart() {
        return given().header("Authorization", "Bearer " + ApiTestSupport.KEY).contentType("multipart/form-data");
    }

    /** The request a task row stores, straight from the database. */
    static JsonNode storedRequest(String address) throws Exception {
        var postgres = Infrastructure.shared().postgres();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = db.prepareStatement("select request::text from tasks where id = ?")) {
            query.setString(1, address);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("task %s exists", address).isTrue();
                return new ObjectMapper().readTree(row.getString(1));
            }
        }
    }
}
