package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.message.TaskTopics;
import io.imagequeue.testinfra.ManagedProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Losing nothing: a killed worker, a drained worker, a broker outage, a database outage and a
 * poison message each leave every task terminal, with no task lost and no provider call doubled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    private static final FaultTable REPORT = new FaultTable();
    private static Stack stack;
    private static Http client;
    private static Tasks tasks;
    private static SimulatorCalls calls;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(2, Map.of("IMAGEQUEUE_DISPATCH_DRAIN_TIMEOUT", "PT3S"));
        client = new Http(stack.apiUrl(), Stack.API_KEY);
        tasks = new Tasks(client);
        calls = new SimulatorCalls(stack.simulatorUrl());
    }

    @AfterAll
    static void stopStack() {
        System.out.println(REPORT.render());
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void tasksOfAWorkerKilledMidTaskAreFinishedByAnother() {
        long callsBefore = calls.generations("bfl");
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            addresses.add(tasks.submitFlux("\"prompt\": \"[sim:latency=4000] crash " + i + "\", \"width\": 64, \"height\": 64"));
        }
        addresses.forEach(address -> tasks.awaitStatus(address, "running"));

        stack.workers().get(0).kill();

        List<JsonNode> finished = addresses.stream().map(a -> tasks.awaitTerminal(a, Duration.ofSeconds(90))).toList();
        int succeeded = (int) finished.stream().filter(t -> t.get("status").asText().equals("succeeded")).count();
        int attempts = finished.stream().mapToInt(t -> t.get("attempts").asInt()).sum();
        long providerCalls = calls.generations("bfl") - callsBefore;
        REPORT.add(new FaultTable.Row("worker SIGKILLed mid-task (2 workers)", addresses.size(), succeeded, 0,
                addresses.size() - finished.size(), Math.max(0, providerCalls - attempts),
                FaultTable.duplicateCharges(stack.infrastructure().postgres(), addresses)));

        assertThat(succeeded).isEqualTo(addresses.size());
        assertThat(finished).allSatisfy(task -> assertThat(task.get("attempts").asInt()).isBetween(1, 2));
        // A worker may die between claiming a task (an attempt) and calling the provider: at most one call per attempt.
        assertThat(providerCalls).as("never more than one provider call per attempt").isBetween((long) addresses.size(), (long) attempts);
    }

    @Test
    @Order(2)
    void aDrainedWorkerHandsBackWhatItCannotFinishInTime() {
        ManagedProcess fresh = stack.addWorker();
        // Tasks submitted during the rebalance its joining starts would wait for it, some past others' 15 s calls.
        stack.awaitBalancedWorkers();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            addresses.add(tasks.submitFlux("\"prompt\": \"[sim:latency=15000] long " + UUID.randomUUID() + "\", \"width\": 64, \"height\": 64"));
        }
        addresses.forEach(address -> tasks.awaitStatus(address, "running"));
        long started = System.nanoTime();

        fresh.terminate(Duration.ofSeconds(30));

        Duration exit = Duration.ofNanos(System.nanoTime() - started);
        List<JsonNode> finished = addresses.stream().map(a -> tasks.awaitTerminal(a, Duration.ofSeconds(90))).toList();
        int succeeded = (int) finished.stream().filter(t -> t.get("status").asText().equals("succeeded")).count();
        REPORT.add(new FaultTable.Row("worker SIGTERMed with 15 s calls, 3 s drain", addresses.size(), succeeded, 0,
                addresses.size() - finished.size(), 0,
                FaultTable.duplicateCharges(stack.infrastructure().postgres(), addresses)));

        assertThat(exit).as("the drain waits 3 s, not for the 15 s calls").isLessThan(Duration.ofSeconds(14));
        assertThat(succeeded).isEqualTo(addresses.size());
        assertThat(finished).as("a handed-back attempt is refunded")
                .allSatisfy(task -> assertThat(task.get("attempts").asInt()).isEqualTo(1));
    }

    @Test
    @Order(3)
    void aTaskAcceptedWhileKafkaIsDownRunsOnceItIsBack() {
        String worker = stack.workerUrl(stack.workers().stream().filter(ManagedProcess::isAlive).findFirst().orElseThrow());
        stack.infrastructure().kafka().stopBroker();
        String address;
        try {
            address = tasks.submitFlux("\"prompt\": \"broker outage\", \"width\": 64, \"height\": 64");
            assertThat(tasks.get(address).get("status").asText()).isEqualTo("queued");
            await("the worker is not ready without its broker").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Http.status(worker + "/q/health/ready") == 503);
            assertThat(Http.status(worker + "/q/health/live")).as("liveness does not: restarting would not help")
                    .isEqualTo(200);
            assertThat(Http.status(stack.apiUrl() + "/q/health/ready"))
                    .as("the API stays ready: the outbox keeps accepting tasks").isEqualTo(200);
        } finally {
            stack.infrastructure().kafka().startBroker();
        }
        await("the worker is ready again").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Http.status(worker + "/q/health/ready") == 200);

        JsonNode task = tasks.awaitTerminal(address, Duration.ofSeconds(120));
        REPORT.add(new FaultTable.Row("submitted while the broker was down", 1,
                task.get("status").asText().equals("succeeded") ? 1 : 0, 0, 0, 0,
                FaultTable.duplicateCharges(stack.infrastructure().postgres(), List.of(address))));

        assertThat(task.get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    @Order(4)
    void theDatabaseDownAnswers503AndTheServiceRecovers() {
        stack.infrastructure().postgres().stop();
        Http.Answer refused;
        int readyWhileDown;
        int liveWhileDown;
        try {
            refused = client.post(Tasks.FLUX, "{\"prompt\": \"database outage\", \"async\": true}");
            readyWhileDown = Http.status(stack.apiUrl() + "/q/health/ready");
            liveWhileDown = Http.status(stack.apiUrl() + "/q/health/live");
        } finally {
            stack.infrastructure().postgres().start();
        }

        assertThat(readyWhileDown).as("readiness fails while the database is down").isEqualTo(503);
        assertThat(liveWhileDown).as("liveness does not: restarting would not help").isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.status(stack.apiUrl() + "/q/health/ready") == 200);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().at("/error/type").asText()).isEqualTo("service_unavailable");
        assertThat(refused.header("Retry-After")).isNotBlank();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                client.post(Tasks.FLUX, "{\"prompt\": \"probe\", \"width\": 64, \"height\": 64, \"async\": true}").status() == 202);
        String address = tasks.submitFlux("\"prompt\": \"after the outage\", \"width\": 64, \"height\": 64");
        JsonNode task = tasks.awaitTerminal(address, Duration.ofSeconds(90));
        REPORT.add(new FaultTable.Row("database down: 503, then recovery", 1,
                task.get("status").asText().equals("succeeded") ? 1 : 0, 0, 0, 0,
                FaultTable.duplicateCharges(stack.infrastructure().postgres(), List.of(address))));
        assertThat(task.get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    @Order(5)
    void aMalformedJobGoesToTheDeadLetterTopicAndTheTopicKeepsFlowing() throws Exception {
        String topic = TaskTopics.of(ModelCatalog.loadDefault().resolve("black-forest-labs/FLUX-2-pro"),
                io.imagequeue.model.task.TaskPriority.INTERACTIVE);
        String marker = "not a job " + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "poison", marker.getBytes(StandardCharsets.UTF_8))).get();
        }

        String address = tasks.submitFlux("\"prompt\": \"after the poison\", \"width\": 64, \"height\": 64");

        assertThat(tasks.awaitTerminal(address).get("status").asText()).isEqualTo("succeeded");
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(marker);
        Header reason = dead.headers().lastHeader("dead-letter-reason");
        assertThat(reason).isNotNull();
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
        REPORT.add(new FaultTable.Row("malformed record on a task topic", 1, 1, 0, 0, 0,
                FaultTable.duplicateCharges(stack.infrastructure().postgres(), List.of(address))));
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String marker) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infrastructure().kafka().bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TaskTopics.DEAD_LETTER));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(record.value(), StandardCharsets.UTF_8).equals(marker)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("the malformed record never reached " + TaskTopics.DEAD_LETTER);
    }
}
