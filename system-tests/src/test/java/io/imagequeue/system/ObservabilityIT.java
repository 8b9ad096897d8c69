package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.system.OtlpReceiver.ReceivedSpan;
import io.imagequeue.testinfra.ManagedProcess;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of one flux task with tracing turned on the documented way (environment
 * only, exporter pointed at an OTLP/HTTP collector) and the production log format: one trace from
 * the HTTP request through Kafka to the worker's provider call and upload, and JSON log lines that
 * name the task in their MDC.
 */
class ObservabilityIT {

    private static final String FLUX = "/v2/image/flux/generate";
    private static final String TASK_ADDRESS = "imagequeue.task_address";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OtlpReceiver collector;
    private static Stack stack;
    private static String address;
    private static String requestId;

    @BeforeAll
    static void runOneTask() {
        collector = OtlpReceiver.start();
        stack = Stack.withServiceSettings(1, Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms",
                // The production default, stated so that this test keeps testing it.
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));
        Http client = new Http(stack.apiUrl(), Stack.API_KEY);
        Http.Answer accepted = client.post(FLUX,
                "{\"prompt\": \"a lighthouse, traced\", \"width\": 256, \"height\": 256, \"async\": true}");
        assertThat(accepted.status()).isEqualTo(202);
        address = accepted.body().get("task_address").asText();
        requestId = accepted.header("x-request-id");
        assertThat(new Tasks(client).awaitTerminal(address).get("status").asText()).isEqualTo("succeeded");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void oneTraceLeadsFromTheHttpRequestThroughKafkaToTheProviderCallAndTheUpload() {
        List<ReceivedSpan> trace = awaitTraceOfTask();

        ReceivedSpan request = only(trace, span -> span.kind() == SpanKind.SPAN_KIND_SERVER, "HTTP server span");
        ReceivedSpan produced = only(trace, span -> span.kind() == SpanKind.SPAN_KIND_PRODUCER, "Kafka producer span");
        ReceivedSpan consumed = only(trace, span -> span.kind() == SpanKind.SPAN_KIND_CONSUMER, "Kafka consumer span");
        ReceivedSpan call = only(trace, span -> span.name().equals("provider call"), "provider call span");
        ReceivedSpan upload = only(trace, span -> span.name().equals("storage upload"), "storage upload span");

        assertThat(request.service()).isEqualTo("imagequeue-api");
        assertThat(request.attribute(TASK_ADDRESS)).isEqualTo(address);
        assertThat(produced.service()).isEqualTo("imagequeue-api");
        assertThat(consumed.service()).isEqualTo("imagequeue-worker");
        assertThat(call.service()).isEqualTo("imagequeue-worker");
        assertThat(upload.service()).isEqualTo("imagequeue-worker");
        // Each hop is the child of the one before: nothing was stitched together by time or by chance.
        assertThat(produced.parentSpanId()).isEqualTo(request.spanId());
        assertThat(consumed.parentSpanId()).isEqualTo(produced.spanId());
        assertThat(call.parentSpanId()).isEqualTo(consumed.spanId());
        assertThat(upload.parentSpanId()).isEqualTo(consumed.spanId());
        assertThat(call.attributes()).containsEntry(TASK_ADDRESS, address)
                .containsEntry("imagequeue.model", "black-forest-labs/FLUX-2-pro")
                .containsEntry("imagequeue.provider", "bfl")
                .containsEntry("imagequeue.attempt", "1")
                .containsEntry("imagequeue.outcome", "success");
        assertThat(upload.attributes()).containsEntry(TASK_ADDRESS, address).containsEntry("imagequeue.image_count", "1");
    }

    @Test
    void readsOfTheTaskAreTaggedWithItsAddress() {
        // The test polled the task until it finished: each poll is a trace of its own.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(collector.spans())
                .filteredOn(span -> span.kind() == SpanKind.SPAN_KIND_SERVER && span.name().equals("GET /v2/tasks/{taskAddress}"))
                .isNotEmpty()
                .allSatisfy(span -> assertThat(span.attribute(TASK_ADDRESS)).isEqualTo(address)));
    }

    @Test
    void backgroundDatabaseWorkExportsNoTracesOfItsOwn() {
        awaitTraceOfTask();

        // By now the schedulers (lease renewals, outbox relay, reaper, permit pumps) ran many times.
        assertThat(collector.spans()).filteredOn(span -> span.kind() == SpanKind.SPAN_KIND_CLIENT)
                .isNotEmpty()
                .allSatisfy(span -> assertThat(span.parentSpanId()).as("parent of " + span).isNotEmpty());
    }

    @Test
    void apiLogLinesAboutTheTaskCarryItsAddressAndTheRequestId() {
        JsonNode answered = await().atMost(Duration.ofSeconds(10)).until(
                () -> linesAbout(stack.api()).stream().filter(line -> message(line).contains("answered 202")).findFirst(),
                Optional::isPresent).orElseThrow();

        assertThat(mdc(answered, "request_id")).isEqualTo(requestId);
        assertThat(message(answered)).contains(FLUX);
        assertThat(answered.get("service").asText()).isEqualTo("imagequeue-api");
    }

    @Test
    void workerLogLinesAboutTheTaskCarryItsAddressAndItsTraceId() {
        ManagedProcess worker = stack.workers().getFirst();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> linesAbout(worker).stream().anyMatch(line -> message(line).contains("succeeded")));
        String traceId = awaitTraceOfTask().getFirst().traceId();

        List<JsonNode> lines = linesAbout(worker);

        assertThat(lines).extracting(ObservabilityIT::message)
                .anySatisfy(text -> assertThat(text).contains("claimed for attempt 1"))
                .anySatisfy(text -> assertThat(text).contains("bfl answered with 1 image(s)"))
                .anySatisfy(text -> assertThat(text).contains("succeeded with 1 image(s)"));
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.get("service").asText()).isEqualTo("imagequeue-worker");
            assertThat(mdc(line, "traceId")).isEqualTo(traceId);
        });
        // Every line that names the task is tagged with it: nothing about it escapes a search by address.
        assertThat(jsonLines(worker)).filteredOn(line -> message(line).contains(address))
                .allSatisfy(line -> assertThat(mdc(line, "task_address")).isEqualTo(address));
    }

    /** The spans of the trace the task's upload belongs to, once every hop of it was exported. */
    private static List<ReceivedSpan> awaitTraceOfTask() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Optional<ReceivedSpan> upload = collector.spans().stream()
                    .filter(span -> span.name().equals("storage upload") && address.equals(span.attribute(TASK_ADDRESS)))
                    .findFirst();
            return upload.map(found -> collector.spans().stream()
                    .filter(span -> span.traceId().equals(found.traceId())).toList()).orElse(List.of());
        }, trace -> trace.stream().anyMatch(span -> span.kind() == SpanKind.SPAN_KIND_SERVER)
                && trace.stream().anyMatch(span -> span.kind() == SpanKind.SPAN_KIND_PRODUCER)
                && trace.stream().anyMatch(span -> span.kind() == SpanKind.SPAN_KIND_CONSUMER)
                && trace.stream().anyMatch(span -> span.name().equals("provider call")));
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which, String what) {
        List<ReceivedSpan> matching = trace.stream().filter(which).toList();
        assertThat(matching).as(what + " in " + trace).hasSize(1);
        return matching.getFirst();
    }

    /** The process's JSON log lines whose MDC names the task. */
    private static List<JsonNode> linesAbout(ManagedProcess process) {
        return jsonLines(process).stream().filter(line -> address.equals(mdc(line, "task_address"))).toList();
    }

    /** Every JSON log line of the process (the file starts with the command line the test ran). */
    private static List<JsonNode> jsonLines(ManagedProcess process) {
        return process.log().lines().filter(line -> line.startsWith("{")).map(ObservabilityIT::parse).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON log line: " + line, e);
        }
    }

    private static String message(JsonNode line) {
        return line.path("message").asText();
    }

    private static String mdc(JsonNode line, String key) {
        JsonNode value = line.path("mdc").get(key);
        return value == null ? null : value.asText();
    }
}
