package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import io.imagequeue.model.task.TaskPriority;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants, keys and credits end to end: what each tenant is charged, what it sees, and per-key
 * limits that hold across two API processes sharing one database.
 */
class TenancyIT {

    private static final String FLUX_MODEL = "black-forest-labs/FLUX-2-pro";
    /** The catalog's price of one FLUX.2 [pro] image. */
    private static final BigDecimal FLUX_PRICE = new BigDecimal("0.03");
    private static final FaultTable REPORT = new FaultTable();

    private static Stack stack;
    private static Tenants tenants;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(2);
        tenants = new Tenants(stack);
    }

    @AfterAll
    static void stopStack() {
        System.out.println(REPORT.render());
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void eachTenantIsChargedExactlyForTheImagesItReceivedAndReleasedForEverythingElse() throws Exception {
        Map<String, Mix> mixes = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            String tenant = tenant("5");
            mixes.put(tenant, submitMix(new Tasks(new Http(stack.apiUrl(), key(tenant, "{}")))));
        }

        for (Map.Entry<String, Mix> entry : mixes.entrySet()) {
            String tenant = entry.getKey();
            Mix mix = entry.getValue();
            int images = 0;
            for (String task : mix.succeeded()) {
                JsonNode done = mix.tasks().awaitTerminal(task);
                assertThat(done.get("status").asText()).isEqualTo("succeeded");
                images += done.at("/result/images").size();
            }
            for (String task : mix.failed()) {
                assertThat(mix.tasks().awaitTerminal(task).get("status").asText()).isEqualTo("failed");
            }
            for (String task : mix.canceled()) {
                assertThat(mix.tasks().awaitTerminal(task).get("status").asText()).isEqualTo("canceled");
            }

            Map<String, BigDecimal> charged = ledger(tenant, "charge");
            Map<String, BigDecimal> released = ledger(tenant, "release");
            assertThat(sum(charged)).isEqualByComparingTo(FLUX_PRICE.multiply(BigDecimal.valueOf(images)));
            assertThat(charged.keySet()).containsExactlyInAnyOrderElementsOf(mix.succeeded());
            List<String> unbilled = new ArrayList<>(mix.failed());
            unbilled.addAll(mix.canceled());
            assertThat(released.keySet()).containsExactlyInAnyOrderElementsOf(unbilled);
            assertThat(released.values()).allSatisfy(amount -> assertThat(amount).isEqualByComparingTo(FLUX_PRICE));

            JsonNode usage = mix.tasks().client().get("/v2/usage").body();
            assertThat(usage.get("reserved").decimalValue()).isZero();
            assertThat(usage.get("balance").decimalValue())
                    .isEqualByComparingTo(new BigDecimal("5").subtract(sum(charged)))
                    .isNotNegative();
            JsonNode spend = usage.get("spend");
            assertThat(spend).hasSize(1);
            assertThat(spend.get(0).get("model").asText()).isEqualTo(FLUX_MODEL);
            assertThat(spend.get(0).get("amount").decimalValue()).isEqualByComparingTo(sum(charged));

            List<String> all = mix.all();
            long duplicateCharges = FaultTable.duplicateCharges(stack.infrastructure().postgres(), all);
            REPORT.add(new FaultTable.Row("tenant mix: successes, moderation, cancels, duplicate job", all.size(),
                    mix.succeeded().size(), mix.failed().size() + mix.canceled().size(), 0, 0, duplicateCharges));
            assertThat(duplicateCharges).isZero();
        }

        List<String> tenants = new ArrayList<>(mixes.keySet());
        Mix first = mixes.get(tenants.get(0));
        Mix second = mixes.get(tenants.get(1));
        for (String task : first.all()) {
            assertThat(second.tasks().client().get("/v2/tasks/" + task).status()).isEqualTo(404);
        }
        for (String task : second.all()) {
            assertThat(first.tasks().client().get("/v2/tasks/" + task).status()).isEqualTo(404);
        }
    }

    @Test
    void aFlux2RequestIsChargedForItsReferenceImageMegapixelsAsBflCharges() throws Exception {
        String tenant = tenant("5");
        Tasks tasks = new Tasks(new Http(stack.apiUrl(), key(tenant, "{}")));

        String task = tasks.submitFlux("\"prompt\": \"with a reference\", \"width\": 64, \"height\": 64, "
                + "\"input_image\": \"" + TestImages.base64Png(1100, 1000) + "\"");

        assertThat(tasks.awaitTerminal(task).get("status").asText()).isEqualTo("succeeded");
        Map<String, BigDecimal> charged = ledger(tenant, "charge");
        assertThat(charged).containsOnlyKeys(task);
        // the 64x64 output is the first megapixel (0.03); the 1100x1000 input two further ones (2 x 0.015)
        assertThat(charged.get(task)).isEqualByComparingTo("0.060");
    }

    @Test
    void aKeysRequestsPerMinuteHoldExactlyAcrossTwoApiProcesses() throws Exception {
        String secondApi = stack.addApi();
        String key = key(tenant("5"), "{\"requests_per_minute\": 5}");
        awayFromAMinuteBoundary();

        List<Http.Answer> answers = concurrently(12, i -> new Http(i % 2 == 0 ? stack.apiUrl() : secondApi, key)
                .post(Tasks.FLUX, "{\"prompt\": \"rate " + i + "\", \"width\": 64, \"height\": 64, \"async\": true}"));

        assertThat(answers).filteredOn(a -> a.status() == 202).hasSize(5);
        assertThat(answers).filteredOn(a -> a.status() == 429).hasSize(7).allSatisfy(refused -> {
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(refused.header("x-ratelimit-limit-requests")).isEqualTo("5");
            assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
            assertThat(refused.body().at("/error/type").asText()).isEqualTo("rate_limit_error");
        });
    }

    @Test
    void aKeysTasksInFlightHoldExactlyAcrossTwoApiProcesses() throws Exception {
        String secondApi = stack.addApi();
        String key = key(tenant("5"), "{\"max_in_flight\": 3}");

        List<Http.Answer> answers = concurrently(10, i -> new Http(i % 2 == 0 ? stack.apiUrl() : secondApi, key)
                .post(Tasks.FLUX, "{\"prompt\": \"[sim:latency=20000] slow " + i + "\", \"width\": 64, \"height\": 64, "
                        + "\"async\": true}"));

        List<Http.Answer> accepted = answers.stream().filter(a -> a.status() == 202).toList();
        assertThat(accepted).hasSize(3);
        assertThat(answers).filteredOn(a -> a.status() == 429).hasSize(7)
                .allSatisfy(refused -> assertThat(refused.body().at("/error/code").asText()).isEqualTo("too_many_tasks_in_flight"));

        Http client = new Http(stack.apiUrl(), key);
        String freed = accepted.get(0).body().get("task_address").asText();
        assertThat(client.post("/v2/tasks/" + freed + "/cancel", "").status()).isEqualTo(200);
        assertThat(new Http(secondApi, key).post(Tasks.FLUX, "{\"prompt\": \"[sim:latency=20000] after\", "
                + "\"width\": 64, \"height\": 64, \"async\": true}").status()).isEqualTo(202);
    }

    @Test
    void fuzzedRequestBodiesNeverGetA5xx() {
        // A key that may use no model: valid bodies stop at 403 after validation, so nothing is generated.
        Http client = new Http(stack.apiUrl(), key(tenant("1"), "{\"allowed_models\": []}"));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> endpoints = List.of(Tasks.FLUX, "/v1/images/generations", "/v2/image/gpt-image/generate",
                "/v2/image/gemini-3/generate", "/v2/image/qwen/generate", "/v2/automatic1111/sdapi/v1/txt2img",
                "/v1/images/edits");
        for (int i = 0; i < 300; i++) {
            String endpoint = endpoints.get(random.nextInt(endpoints.size()));
            String body = BodyFuzzer.body(random);
            Http.Answer answer = client.post(endpoint, body);
            assertThat(answer.status()).as("seed %d, %s %s -> %s", seed, endpoint, body, answer.body()).isLessThan(500);
            if (answer.status() >= 400) {
                assertThat(answer.body().at("/error/type").isTextual()).as("contract error shape for %s", body).isTrue();
            }
        }
    }

    private record Mix(Tasks tasks, List<String> succeeded, List<String> failed, List<String> canceled) {
        List<String> all() {
            List<String> all = new ArrayList<>(succeeded);
            all.addAll(failed);
            all.addAll(canceled);
            return all;
        }
    }

    /** Three successes (one of them delivered twice), two moderated outputs and two cancels. */
    private static Mix submitMix(Tasks tasks) throws Exception {
        List<String> succeeded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> canceled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            succeeded.add(tasks.submitFlux("\"prompt\": \"paid " + UUID.randomUUID() + "\", \"width\": 64, \"height\": 64"));
        }
        publishJobAgain(succeeded.get(0));
        for (int i = 0; i < 2; i++) {
            failed.add(tasks.submitFlux("\"prompt\": \"[sim:moderate-output] " + i + "\", \"width\": 64, \"height\": 64"));
        }
        for (int i = 0; i < 2; i++) {
            String task = tasks.submitFlux("\"prompt\": \"[sim:latency=20000] canceled " + i + "\", \"width\": 64, \"height\": 64");
            assertThat(tasks.client().post("/v2/tasks/" + task + "/cancel", "").status()).isEqualTo(200);
            canceled.add(task);
        }
        return new Mix(tasks, succeeded, failed, canceled);
    }

    private static String tenant(String credits) {
        return tenants.create("it-", credits);
    }

    private static String key(String tenant, String fields) {
        return tenants.key(tenant, fields);
    }

    /** The tenant's ledger rows of one kind, by task. */
    private static Map<String, BigDecimal> ledger(String tenant, String kind) throws Exception {
        var postgres = stack.infrastructure().postgres();
        Map<String, BigDecimal> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             PreparedStatement query = db.prepareStatement(
                     "select task_id, amount from credit_ledger where tenant_id = ? and kind = ?")) {
            query.setString(1, tenant);
            query.setString(2, kind);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    assertThat(rows.put(result.getString(1), result.getBigDecimal(2))).as("one %s per task", kind).isNull();
                }
            }
        }
        return rows;
    }

    private static BigDecimal sum(Map<String, BigDecimal> amounts) {
        return amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void publishJobAgain(String taskId) throws Exception {
        String topic = ModelCatalog.loadDefault().resolve(FLUX_MODEL).topic();
        byte[] job = new TaskJobCodec().encode(TaskJob.of(taskId, FLUX_MODEL, TaskPriority.INTERACTIVE));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, taskId, job)).get();
        }
    }

    private interface Call {
        Http.Answer send(int index) throws Exception;
    }

    /** Sends all calls at once, from as many threads, and answers them in order. */
    private static List<Http.Answer> concurrently(int count, Call call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.send(index);
                }));
            }
            start.countDown();
            List<Http.Answer> answers = new ArrayList<>();
            for (Future<Http.Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    /** The fixed one-minute window starts over at the minute: keep a burst inside one window. */
    private static void awayFromAMinuteBoundary() throws InterruptedException {
        Instant now = Instant.now();
        long left = ChronoUnit.MILLIS.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
        if (left < 15_000) {
            Thread.sleep(left + 500);
        }
    }
}
