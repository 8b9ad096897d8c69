package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import io.imagequeue.model.task.TaskPriority;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One flux task through the whole service: API, Kafka, a worker, the BFL protocol, S3 and back. */
class FluxEndToEndIT {

    private static final String FLUX = "/v2/image/flux/generate";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static Stack stack;
    private static Http client;
    private static Tasks tasks;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(1);
        client = new Http(stack.apiUrl(), Stack.API_KEY);
        tasks = new Tasks(client);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void asyncTaskSucceedsWithAPngOfTheAskedSize() throws Exception {
        Http.Answer accepted = client.post(FLUX,
                "{\"prompt\": \"a lighthouse at dawn\", \"width\": 640, \"height\": 384, \"async\": true}");
        assertThat(accepted.status()).isEqualTo(202);
        String address = accepted.body().get("task_address").asText();
        assertThat(accepted.header("Location")).endsWith("/v2/tasks/" + address);

        JsonNode task = awaitTerminal(address);

        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        assertThat(task.get("object").asText()).isEqualTo("image.task");
        assertThat(task.get("model").asText()).isEqualTo("black-forest-labs/FLUX-2-pro");
        assertThat(task.get("endpoint").asText()).isEqualTo(FLUX);
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("completed_at").asLong()).isGreaterThanOrEqualTo(task.get("created_at").asLong());
        assertThat(task.has("error")).isFalse();
        byte[] png = Base64.getDecoder().decode(task.at("/result/images/0").asText());
        assertThat(png).startsWith(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(384);
    }

    @Test
    void syncCallAnswersTheResultBodyItself() throws Exception {
        Http.Answer answer = client.post(FLUX, "{\"prompt\": \"a red fox\", \"width\": 256, \"height\": 256}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().fieldNames()).toIterable().containsExactly("images");
        byte[] png = Base64.getDecoder().decode(answer.body().at("/images/0").asText());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(256);
        assertThat(image.getHeight()).isEqualTo(256);
    }

    @Test
    void theSameJobDeliveredTwiceCallsTheProviderOnce() throws Exception {
        String prompt = "duplicate delivery " + UUID.randomUUID();
        long submitsBefore = providerSubmits();

        Http.Answer accepted = client.post(FLUX, "{\"prompt\": \"" + prompt + "\", \"width\": 128, \"height\": 128, \"async\": true}");
        String address = accepted.body().get("task_address").asText();
        publishJobAgain(address);
        JsonNode task = awaitTerminal(address);
        publishJobAgain(address);

        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(providerSubmits() - submitsBefore).isEqualTo(1));
        assertThat(client.get("/v2/tasks/" + address).body().get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void anotherTenantsTaskIsNotFoundLikeOneThatNeverExisted() throws Exception {
        String address = client.post(FLUX, "{\"prompt\": \"private\", \"async\": true}").body().get("task_address").asText();
        String otherKey = createTenantWithKey("tenant-other");
        Http other = new Http(stack.apiUrl(), otherKey);

        Http.Answer foreign = other.get("/v2/tasks/" + address);
        Http.Answer missing = other.get("/v2/tasks/tsk_0000000000000000000000");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(foreign.body().at("/error/code").asText()).isEqualTo(missing.body().at("/error/code").asText());
        assertThat(client.get("/v2/tasks/" + address).status()).isEqualTo(200);
    }

    @Test
    void moderatedPromptFailsWithoutRetrying() {
        String address = client.post(FLUX, "{\"prompt\": \"[sim:moderate-output] a forbidden thing\", \"async\": true}")
                .body().get("task_address").asText();

        JsonNode task = awaitTerminal(address);

        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.at("/error/type").asText()).isEqualTo("provider_error");
        assertThat(task.at("/error/code").asText()).isEqualTo("content_moderated");
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.has("result")).isFalse();
    }

    @Test
    void transientProviderFailureIsRetriedAndSucceeds() {
        String address = client.post(FLUX, "{\"prompt\": \"[sim:fail-once] " + UUID.randomUUID() + "\", \"async\": true}")
                .body().get("task_address").asText();

        JsonNode task = awaitTerminal(address);

        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        assertThat(task.get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void metricsShowSubmittedFinishedAndProviderCalls() {
        String address = tasks.submitFlux("\"prompt\": \"measured\", \"width\": 64, \"height\": 64");
        awaitTerminal(address);

        String api = Http.text(stack.apiUrl() + "/q/metrics");
        String worker = Http.text(stack.workerUrl(stack.workers().get(0)) + "/q/metrics");

        assertThat(api).containsPattern("imagequeue_tasks_submitted_total\\{[^}]*model=\"black-forest-labs/FLUX-2-pro\"[^}]*} [1-9]");
        assertThat(worker).containsPattern("imagequeue_tasks_finished_total\\{[^}]*outcome=\"succeeded\"[^}]*} [1-9]");
        assertThat(worker).contains("imagequeue_dispatch_latency_seconds_bucket");
        assertThat(worker).containsPattern("imagequeue_provider_request_seconds_count\\{[^}]*provider=\"bfl\"[^}]*} [1-9]");
        assertThat(worker).contains("imagequeue_ratelimit_wait_seconds_bucket");
        assertThat(worker).contains("imagequeue_worker_in_flight_tasks");
    }

    private static JsonNode awaitTerminal(String address) {
        return tasks.awaitTerminal(address);
    }

    private static long providerSubmits() {
        return new SimulatorCalls(stack.simulatorUrl()).generations("bfl");
    }

    private static void publishJobAgain(String taskId) throws Exception {
        String topic = ModelCatalog.loadDefault().resolve("black-forest-labs/FLUX-2-pro").topic();
        byte[] job = new TaskJobCodec().encode(TaskJob.of(taskId, "black-forest-labs/FLUX-2-pro", TaskPriority.INTERACTIVE));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, taskId, job)).get();
        }
    }

    /** Creates a tenant and key straight in the database, stored as the API stores keys (prefix + SHA-256). */
    private static String createTenantWithKey(String tenant) throws Exception {
        String key = "iq_" + tenant.replace("-", "") + "_0123456789abcdefghij";
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        var postgres = stack.infrastructure().postgres();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password())) {
            try (PreparedStatement insert = db.prepareStatement(
                    "insert into tenants (id, name) values (?, ?) on conflict do nothing")) {
                insert.setString(1, tenant);
                insert.setString(2, tenant);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into api_keys (id, tenant_id, prefix, key_hash) values (?, ?, ?, ?) on conflict do nothing""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, tenant);
                insert.setString(3, key.substring(0, 16));
                insert.setBytes(4, hash);
                insert.executeUpdate();
            }
        }
        return key;
    }
}
