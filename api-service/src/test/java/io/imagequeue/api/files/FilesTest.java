package io.imagequeue.api.files;

import static io.imagequeue.api.files.Tenants.aKeyOfANewTenant;
import static io.imagequeue.api.files.Tenants.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class FilesTest {

    private static final String LINES = """
            {"custom_id": "a", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "a cat"}}
            {"custom_id": "b", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "a dog"}}
            """;

    @Test
    void anUploadedFileIsAnOpenAiFileObjectAndItsContentComesBackByteForByte() {
        String key = aKeyOfANewTenant("1");
        String id = upload(key, "requests.jsonl", LINES.getBytes(StandardCharsets.UTF_8));

        as(key).when().get("/v1/files/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("object", equalTo("file"))
                .body("bytes", equalTo(LINES.length()))
                .body("filename", equalTo("requests.jsonl"))
                .body("purpose", equalTo("batch"))
                .body("status", equalTo("processed"));
        byte[] content = as(key).when().get("/v1/files/" + id + "/content").then()
                .statusCode(200).extract().asByteArray();
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo(LINES);
    }

    @Test
    void aLargeFileIsStoredAndReadBackWhole() {
        String key = aKeyOfANewTenant("1");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            lines.append("{\"custom_id\": \"line-").append(i)
                    .append("\", \"method\": \"POST\", \"url\": \"/v1/images/generations\", \"body\": {\"prompt\": \"a lighthouse number ")
                    .append(i).append(" at dawn, in oils, with a storm rolling in over the sea\"}}\n");
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        String id = upload(key, "large.jsonl", bytes);

        as(key).when().get("/v1/files/" + id).then().statusCode(200).body("bytes", equalTo(bytes.length));
        byte[] content = as(key).when().get("/v1/files/" + id + "/content").then()
                .statusCode(200).extract().asByteArray();
        assertThat(content).isEqualTo(bytes);
    }

    @Test
    void filesAreListedNewestFirstWithCursorPagination() {
        String key = aKeyOfANewTenant("1");
        String first = upload(key, "1.jsonl", LINES.getBytes(StandardCharsets.UTF_8));
        String second = upload(key, "2.jsonl", LINES.getBytes(StandardCharsets.UTF_8));
        String third = upload(key, "3.jsonl", LINES.getBytes(StandardCharsets.UTF_8));

        as(key).when().get("/v1/files?limit=2").then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", contains(third, second))
                .body("first_id", equalTo(third))
                .body("last_id", equalTo(second))
                .body("has_more", equalTo(true));
        as(key).when().get("/v1/files?limit=2&after=" + second).then()
                .statusCode(200)
                .body("data.id", contains(first))
                .body("has_more", equalTo(false));
        as(key).when().get("/v1/files?order=asc").then()
                .statusCode(200)
                .body("data.id", contains(first, second, third));
    }

    @Test
    void anotherTenantsFileIsNotFoundAndNotListed() {
        String owner = aKeyOfANewTenant("1");
        String stranger = aKeyOfANewTenant("1");
        String id = upload(owner, "mine.jsonl", LINES.getBytes(StandardCharsets.UTF_8));

        as(stranger).when().get("/v1/files/" + id).then()
                .statusCode(404).body("error.type", equalTo("not_found_error")).body("error.code", equalTo("file_not_found"));
        as(stranger).when().get("/v1/files/" + id + "/content").then().statusCode(404);
        as(stranger).when().delete("/v1/files/" + id).then().statusCode(404);
        as(stranger).when().get("/v1/files").then().statusCode(200).body("data.size()", equalTo(0));
        as(owner).when().get("/v1/files/" + id).then().statusCode(200);
    }

    @Test
    void aDeletedFileIsGone() {
        String key = aKeyOfANewTenant("1");
        String id = upload(key, "gone.jsonl", LINES.getBytes(StandardCharsets.UTF_8));

        as(key).when().delete("/v1/files/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("object", equalTo("file"))
                .body("deleted", equalTo(true));
        as(key).when().get("/v1/files/" + id).then().statusCode(404);
        as(key).when().get("/v1/files/" + id + "/content").then().statusCode(404);
        as(key).when().delete("/v1/files/" + id).then().statusCode(404);
    }

    @Test
    void anUploadWithoutPurposeBatchOrWithoutAFileIsRefusedByParameter() {
        String key = aKeyOfANewTenant("1");
        as(key).multiPart("file", "x.jsonl", LINES.getBytes(StandardCharsets.UTF_8)).multiPart("purpose", "fine-tune")
                .when().post("/v1/files").then()
                .statusCode(400).body("error.param", equalTo("purpose")).body("error.code", equalTo("invalid_value"));
        as(key).multiPart("file", "x.jsonl", LINES.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/files").then()
                .statusCode(400).body("error.param", equalTo("purpose")).body("error.code", equalTo("missing_required_parameter"));
        as(key).multiPart("purpose", "batch")
                .when().post("/v1/files").then()
                .statusCode(400).body("error.param", equalTo("file")).body("error.code", equalTo("missing_required_parameter"));
        as(key).multiPart("file", "x.jsonl", new byte[0]).multiPart("purpose", "batch")
                .when().post("/v1/files").then()
                .statusCode(400).body("error.code", equalTo("empty_file"));
    }

    @Test
    void aFileOverTheLineLimitIsRefusedAndLeavesNoFile() {
        String key = aKeyOfANewTenant("1");
        byte[] tooMany = "{}\n".repeat(50_001).getBytes(StandardCharsets.UTF_8);
        as(key).multiPart("file", "many.jsonl", tooMany).multiPart("purpose", "batch")
                .when().post("/v1/files").then()
                .statusCode(400).body("error.param", equalTo("file")).body("error.code", equalTo("too_many_lines"));
        as(key).when().get("/v1/files").then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void aFileOverTheByteLimitIs413WhetherTheBodyOrTheFileIsTooLarge() {
        String key = aKeyOfANewTenant("1");
        byte[] overTheFileLimit = new byte[6 * 1024 * 1024 + 100];
        java.util.Arrays.fill(overTheFileLimit, (byte) 'x');
        as(key).multiPart("file", "big.jsonl", overTheFileLimit).multiPart("purpose", "batch")
                .when().post("/v1/files").then()
                .statusCode(413).body("error.code", equalTo("file_too_large")).body("error.param", equalTo("file"));
        // Over the body limit too: refused by Content-Length when the client sends one, else by the file's size.
        byte[] overTheBodyLimit = new byte[7 * 1024 * 1024 + 100];
        as(key).multiPart("file", "bigger.jsonl", overTheBodyLimit).multiPart("purpose", "batch")
                .when().post("/v1/files").then()
                .statusCode(413).body("error.type", equalTo("invalid_request_error"));
        as(key).when().get("/v1/files").then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void anUnknownOrMalformedFileIdIsNotFound() {
        String key = aKeyOfANewTenant("1");
        as(key).when().get("/v1/files/file-0000000000000000000000").then().statusCode(404);
        as(key).when().get("/v1/files/not-a-file").then().statusCode(404).body("error.code", equalTo("file_not_found"));
    }

    static String upload(String key, String filename, byte[] bytes) {
        return as(key).multiPart("file", filename, bytes, "application/jsonl").multiPart("purpose", "batch")
                .when().post("/v1/files").then()
                .statusCode(200)
                .body("id", startsWith("file-"))
                .extract().path("id");
    }
}
