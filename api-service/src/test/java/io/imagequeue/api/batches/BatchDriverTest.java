package io.imagequeue.api.batches;

import static io.imagequeue.api.files.Tenants.aKeyOfANewTenant;
import static io.imagequeue.api.files.Tenants.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * How the driver moves a batch from its input file to its output and error files. No worker runs
 * here: the tests finish the lines' tasks themselves, in the database, as a worker would.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class BatchDriverTest {

    private static final String GENERATIONS = "/v1/images/generations";
    private static final String FILE = """
            {"custom_id": "cat", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "a cat"}}
            {"custom_id": "dog", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "a dog"}}
            {"custom_id": "owl", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "an owl", "model": "no-such-model"}}
            """;

    @Inject
    BatchDriver driver;

    @Inject
    DataSource database;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aValidFileBecomesOneBatchTaskPerLineAndARefusedLineIsNoTask() throws Exception {
        String key = aKeyOfANewTenant("100");
        String batch = create(key, upload(key, FILE));

        driveUntil(key, batch, "in_progress");
        drive();

        assertThat(tasks(batch)).containsExactlyInAnyOrder("cat:batch:queued", "dog:batch:queued");
        assertThat(count("select count(*) from batch_line_errors where batch_id = ?", batch)).isEqualTo(1);
        as(key).when().get("/v1/batches/" + batch).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("in_progress"))
                .body("request_counts.total", org.hamcrest.Matchers.equalTo(3))
                .body("in_progress_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void whenEveryTaskEndedTheBatchCompletesWithAnOutputAndAnErrorFile() throws Exception {
        String key = aKeyOfANewTenant("100");
        String batch = create(key, upload(key, FILE));
        driveUntil(key, batch, "in_progress");
        drive();
        finishTask(batch, "cat", "succeeded", null);
        finishTask(batch, "dog", "failed",
                "{\"type\": \"provider_error\", \"code\": \"content_policy_violation\", \"message\": \"refused upstream\"}");

        JsonPath done = driveUntil(key, batch, "completed");

        assertThat(done.getInt("request_counts.total")).isEqualTo(3);
        assertThat(done.getInt("request_counts.completed")).isEqualTo(1);
        assertThat(done.getInt("request_counts.failed")).isEqualTo(2);
        assertThat(done.getLong("finalizing_at")).isNotNull();
        assertThat(done.getLong("completed_at")).isNotNull();
        List<JsonNode> output = content(key, done.getString("output_file_id"));
        assertThat(output).hasSize(1);
        JsonNode cat = output.get(0);
        assertThat(cat.get("id").asText()).startsWith("batch_req_");
        assertThat(cat.get("custom_id").asText()).isEqualTo("cat");
        assertThat(cat.get("response").get("status_code").asInt()).isEqualTo(200);
        assertThat(cat.get("response").get("request_id").asText()).isNotEmpty();
        assertThat(cat.get("response").get("body").has("data")).isTrue();
        assertThat(cat.get("error").isNull()).isTrue();

        List<JsonNode> errors = content(key, done.getString("error_file_id"));
        assertThat(errors).extracting(line -> line.get("custom_id").asText()).containsExactly("dog", "owl");
        assertThat(errors.get(0).get("response").get("body").get("error").get("code").asText())
                .isEqualTo("content_policy_violation");
        // the refused line has the synchronous endpoint's own status and error body
        assertThat(errors.get(1).get("response").get("status_code").asInt()).isEqualTo(404);
        assertThat(errors.get(1).get("response").get("body").get("error").get("code").asText()).isEqualTo("model_not_found");
        as(key).when().get("/v1/files/" + done.getString("output_file_id")).then().statusCode(200)
                .body("purpose", org.hamcrest.Matchers.equalTo("batch_output"));
    }

    @Test
    void theOutputFileHasEverySucceededLineInTheInputFilesOrder() throws Exception {
        String key = aKeyOfANewTenant("100");
        String batch = create(key, upload(key, FILE));
        driveUntil(key, batch, "in_progress");
        drive();
        finishTask(batch, "cat", "succeeded", null);
        finishTask(batch, "dog", "succeeded", null);

        JsonPath done = driveUntil(key, batch, "completed");

        assertThat(content(key, done.getString("output_file_id")))
                .extracting(line -> line.get("custom_id").asText()).containsExactly("cat", "dog");
        assertThat(done.getInt("request_counts.completed")).isEqualTo(2);
    }

    @Test
    void anInvalidFileFailsTheBatchWithOpenAisErrorsAndQueuesNothing() throws Exception {
        String key = aKeyOfANewTenant("100");
        String file = """
                {"custom_id": "cat", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "a cat"}}
                {"custom_id": "cat", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "a dog"}}
                """;
        String batch = create(key, upload(key, file));

        JsonPath failed = driveUntil(key, batch, "failed");

        assertThat(failed.getString("errors.object")).isEqualTo("list");
        assertThat(failed.getString("errors.data[0].code")).isEqualTo("duplicate_custom_id");
        assertThat(failed.getInt("errors.data[0].line")).isEqualTo(2);
        assertThat(failed.getLong("failed_at")).isNotNull();
        assertThat(tasks(batch)).isEmpty();
    }

    @Test
    void expandingAgainAfterACrashNeitherLosesNorDuplicatesALine() throws Exception {
        String key = aKeyOfANewTenant("100");
        String batch = create(key, upload(key, FILE));
        driveUntil(key, batch, "in_progress");
        drive();
        // a driver that died after queueing the lines but before recording its progress
        update("update batches set expanded_lines = 0, expanded_at = null where id = ?", batch);

        drive();

        assertThat(tasks(batch)).containsExactlyInAnyOrder("cat:batch:queued", "dog:batch:queued");
        assertThat(count("select count(*) from tasks where idempotency_key like ?", batch + "/%")).isEqualTo(2);
        assertThat(count("select count(*) from batch_line_errors where batch_id = ?", batch)).isEqualTo(1);
        assertThat(count("select count(*) from batches where id = ? and expanded_at is not null", batch)).isEqualTo(1);
    }

    @Test
    void aBatchHeldByAnotherDriverIsNotDrivenUntilItsLeaseRanOut() throws Exception {
        String key = aKeyOfANewTenant("100");
        String batch = create(key, upload(key, FILE));
        update("update batches set lease_owner = 'another-replica', lease_until = now() + interval '1 hour' where id = ?", batch);

        drive();
        assertThat(status(key, batch).getString("status")).isEqualTo("validating");

        update("update batches set lease_until = now() - interval '1 second' where id = ?", batch);
        driveUntil(key, batch, "in_progress");
    }

    @Test
    void aCancelledBatchCancelsItsQueuedLinesAndKeepsWhatFinished() throws Exception {
        String key = aKeyOfANewTenant("100");
        String batch = create(key, upload(key, FILE));
        driveUntil(key, batch, "in_progress");
        drive();
        finishTask(batch, "cat", "succeeded", null);

        as(key).when().post("/v1/batches/" + batch + "/cancel").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("cancelling"));
        JsonPath cancelled = driveUntil(key, batch, "cancelled");

        assertThat(tasks(batch)).containsExactlyInAnyOrder("cat:batch:succeeded", "dog:batch:canceled");
        assertThat(cancelled.getLong("cancelled_at")).isNotNull();
        assertThat(content(key, cancelled.getString("output_file_id")))
                .extracting(line -> line.get("custom_id").asText()).containsExactly("cat");
        List<JsonNode> errors = content(key, cancelled.getString("error_file_id"));
        assertThat(errors).extracting(line -> line.get("custom_id").asText()).containsExactly("dog", "owl");
        assertThat(errors.get(0).get("response").isNull()).isTrue();
        assertThat(errors.get(0).get("error").get("code").asText()).isEqualTo("batch_cancelled");
        // the canceled line's reserved credits went back: it was never sent, never charged
        assertThat(count("select count(*) from credit_ledger l join tasks t on t.id = l.task_id"
                + " where t.batch_id = ? and t.custom_id = 'dog' and l.kind = 'release'", batch)).isEqualTo(1);
    }

    @Test
    void aBatchPastItsCompletionWindowExpiresWithItsUnfinishedLinesAsBatchExpired() throws Exception {
        String key = aKeyOfANewTenant("100");
        String batch = create(key, upload(key, FILE));
        driveUntil(key, batch, "in_progress");
        drive();
        finishTask(batch, "cat", "succeeded", null);
        update("update batches set expires_at = now() - interval '1 second' where id = ?", batch);

        JsonPath expired = driveUntil(key, batch, "expired");

        assertThat(expired.getLong("expired_at")).isNotNull();
        assertThat(tasks(batch)).containsExactlyInAnyOrder("cat:batch:succeeded", "dog:batch:canceled");
        assertThat(content(key, expired.getString("output_file_id")))
                .extracting(line -> line.get("custom_id").asText()).containsExactly("cat");
        List<JsonNode> errors = content(key, expired.getString("error_file_id"));
        assertThat(errors).extracting(line -> line.get("custom_id").asText()).containsExactly("dog", "owl");
        assertThat(errors.get(0).get("error").get("code").asText()).isEqualTo("batch_expired");
        assertThat(errors.get(1).get("response").get("status_code").asInt()).isEqualTo(404);
    }

    private void drive() throws Exception {
        try {
            VertxContextSupport.subscribeAndAwait(() -> driver.drive());
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drives rounds until the batch is in {@code status}; a bounded number, never a timed wait. */
    private JsonPath driveUntil(String key, String batch, String status) throws Exception {
        for (int round = 0; round < 10; round++) {
            JsonPath now = status(key, batch);
            if (status.equals(now.getString("status"))) {
                return now;
            }
            drive();
        }
        JsonPath last = status(key, batch);
        assertThat(last.getString("status")).isEqualTo(status);
        return last;
    }

    private static JsonPath status(String key, String batch) {
        return as(key).when().get("/v1/batches/" + batch).then().statusCode(200).extract().jsonPath();
    }

    private List<JsonNode> content(String key, String fileId) throws Exception {
        assertThat(fileId).isNotNull();
        String text = as(key).when().get("/v1/files/" + fileId + "/content").then().statusCode(200).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    private static String upload(String key, String lines) {
        return as(key).multiPart("file", "requests.jsonl", lines.getBytes(StandardCharsets.UTF_8), "application/jsonl")
                .multiPart("purpose", "batch")
                .when().post("/v1/files").then().statusCode(200).extract().path("id");
    }

    private static String create(String key, String file) {
        return as(key).contentType("application/json")
                .body(Map.of("input_file_id", file, "endpoint", GENERATIONS, "completion_window", "24h"))
                .when().post("/v1/batches").then().statusCode(200).extract().path("id");
    }

    /** custom_id:priority:status of the batch's tasks. */
    private List<String> tasks(String batch) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement statement = c.prepareStatement(
                     "select custom_id, priority, status from tasks where batch_id = ?")) {
            statement.setString(1, batch);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1) + ":" + rows.getString(2) + ":" + rows.getString(3));
                }
            }
        }
        return found;
    }

    /** Ends a line's task as a worker would (no images: a test model's result is not the point here). */
    private void finishTask(String batch, String customId, String status, String error) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement statement = c.prepareStatement("""
                     update tasks set status = ?, completed_at = now(), error = cast(? as jsonb)
                     where batch_id = ? and custom_id = ?""")) {
            statement.setString(1, status);
            statement.setString(2, error);
            statement.setString(3, batch);
            statement.setString(4, customId);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private void update(String sql, String value) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, value);
            statement.executeUpdate();
        }
    }

    private long count(String sql, String value) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
