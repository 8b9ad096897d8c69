package io.imagequeue.worker.providers.dashscope;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.Outcomes;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.ReplayServer;
import io.imagequeue.worker.providers.ReplayServer.Answer;
import io.imagequeue.worker.providers.TestImages;
import io.imagequeue.worker.providers.TestProviderSettings;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DashScope answers the simulator cannot produce on demand (an expired result link, a task the
 * service forgot, a suspended task, failing polls), replayed as PROVIDERS.md documents them.
 */
class DashScopeReplayProviderTest {

    private static final String SUBMIT = "/api/v1/services/aigc/text2image/image-synthesis";
    private static final String TASK = "/api/v1/tasks/0385dc79-5ff8-4d82-bcb6-caa7d7f8d1f2";
    private static final String SUBMITTED = """
            {"output": {"task_status": "PENDING", "task_id": "0385dc79-5ff8-4d82-bcb6-caa7d7f8d1f2"},
             "request_id": "4909100c-7b5a-9f92-bfe5-xxxxxx"}""";
    private static final String RUNNING = """
            {"request_id": "r", "output": {"task_id": "0385dc79-5ff8-4d82-bcb6-caa7d7f8d1f2", "task_status": "RUNNING"}}""";
    private static final String SUSPENDED = """
            {"request_id": "r", "output": {"task_id": "0385dc79-5ff8-4d82-bcb6-caa7d7f8d1f2", "task_status": "SUSPENDED"}}""";
    private static final String UNKNOWN = """
            {"request_id": "r", "output": {"task_id": "0385dc79-5ff8-4d82-bcb6-caa7d7f8d1f2", "task_status": "UNKNOWN"}}""";
    private static final String EXPIRED = """
            <?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>""";

    private Vertx vertx;
    private WebClient http;
    private ReplayServer server;
    private DashScopeImageProvider provider;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
        server = ReplayServer.start();
        provider = new DashScopeImageProvider(http, TestProviderSettings.pointingAt(server.baseUrl()));
        server.on("POST", SUBMIT, Answer.json(200, SUBMITTED));
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
        vertx.closeAndAwait();
    }

    private String succeeded(String resultPath) {
        return """
                {"request_id": "r",
                 "output": {"task_id": "0385dc79-5ff8-4d82-bcb6-caa7d7f8d1f2", "task_status": "SUCCEEDED",
                   "submit_time": "2025-09-09 11:38:54.741", "scheduled_time": "2025-09-09 11:38:54.781",
                   "end_time": "2025-09-09 11:39:19.484",
                   "results": [{"orig_prompt": "a red fox", "actual_prompt": "a red fox, detailed", "url": "%s%s?Expires=1"}]},
                 "usage": {"image_count": 1}}""".formatted(server.baseUrl(), resultPath);
    }

    @Test
    void expiredResultUrlIsARetryNotASuccess() {
        server.on("GET", TASK, Answer.json(200, succeeded("/result.png")))
                .on("GET", "/result.png", Answer.bytes(403, "application/xml", EXPIRED.getBytes()));

        ProviderFailure failure = Outcomes.failure(provider.generate(aCallFor("qwen-image").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_result_unavailable");
        assertThat(server.count("POST", SUBMIT)).isEqualTo(1);
    }

    @Test
    void resultUrlThatAnswersSomethingOtherThanAnImageIsARetry() {
        server.on("GET", TASK, Answer.json(200, succeeded("/result.png")))
                .on("GET", "/result.png", Answer.bytes(200, "text/html", "<html>gateway error</html>".getBytes()));

        ProviderFailure failure = Outcomes.failure(provider.generate(aCallFor("qwen-image").build()));

        assertThat(failure.code()).isEqualTo("provider_result_unavailable");
    }

    @Test
    void suspendedTaskKeepsBeingPolledUntilItSucceeds() {
        server.on("GET", TASK, Answer.json(200, RUNNING), Answer.json(200, SUSPENDED), Answer.json(200, RUNNING),
                        Answer.json(200, succeeded("/result.png")))
                .on("GET", "/result.png", Answer.bytes(200, "image/png", TestImages.png(64, 48)));

        GenerationResult result = Outcomes.success(provider.generate(aCallFor("qwen-image").build()));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(TestImages.sizeOf(image.bytes())).isEqualTo("64x48");
            assertThat(image.revisedPrompt()).isEqualTo("a red fox, detailed");
        });
        assertThat(server.count("GET", TASK)).isEqualTo(4);
        assertThat(server.count("POST", SUBMIT)).isEqualTo(1);
    }

    @Test
    void failingPollsAreToleratedWhileTheTaskRuns() {
        server.on("GET", TASK, Answer.json(503, "{\"code\":\"ServiceUnavailable\",\"message\":\"retry later\"}"),
                        Answer.json(429, "{\"code\":\"Throttling\",\"message\":\"Requests throttling triggered.\"}"),
                        Answer.json(200, succeeded("/result.png")))
                .on("GET", "/result.png", Answer.bytes(200, "image/png", TestImages.png(32, 32)));

        assertThat(Outcomes.success(provider.generate(aCallFor("qwen-image").build())).images()).hasSize(1);
        assertThat(server.count("POST", SUBMIT)).as("the running task is not submitted again").isEqualTo(1);
    }

    @Test
    void taskTheServiceNoLongerKnowsIsLostAndRetried() {
        server.on("GET", TASK, Answer.json(200, UNKNOWN));

        ProviderFailure failure = Outcomes.failure(provider.generate(aCallFor("qwen-image").build()));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failure.code()).isEqualTo("provider_task_lost");
    }

    @Test
    void quotaOverAPeriodIsPermanentWhileRateThrottlingIsASnooze() {
        server.on("POST", SUBMIT, Answer.json(429,
                "{\"request_id\":\"r\",\"code\":\"Throttling.AllocationQuota\",\"message\":\"Free allocated quota exceeded.\"}"));

        ProviderFailure quota = Outcomes.failure(provider.generate(aCallFor("qwen-image").build()));

        assertThat(quota.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(quota.code()).isEqualTo("provider_quota_exhausted");
    }
}
