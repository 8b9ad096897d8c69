package io.imagequeue.worker.providers.dashscope;

import static io.imagequeue.worker.providers.Calls.aCallFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagequeue.worker.providers.Fixtures;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.TestImages;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DashScopeMapperTest {

    @Test
    void textToImageBodyUsesStarSizesAndNoWatermark() {
        JsonObject body = DashScopeRequests.textToImage(aCallFor("qwen-image")
                .with(p -> p.size("928x1664").seed(42L).negativePrompt("blurry")).build(), 1);

        assertThat(body).isEqualTo(new JsonObject("""
                {"model": "qwen-image",
                 "input": {"prompt": "a red fox in the snow", "negative_prompt": "blurry"},
                 "parameters": {"watermark": false, "n": 1, "size": "928*1664", "seed": 42}}"""));
    }

    @Test
    void fixedSizeModelsGetTheAllowedSizeOfTheNearestRatio() {
        assertThat(DashScopeSizes.wireSize("qwen-image", 1024, 1024)).isEqualTo("1328*1328");
        assertThat(DashScopeSizes.wireSize("qwen-image", 1920, 1080)).isEqualTo("1664*928");
        assertThat(DashScopeSizes.wireSize("qwen-image", 800, 600)).isEqualTo("1472*1104");
        assertThat(DashScopeSizes.wireSize("qwen-image", 600, 800)).isEqualTo("1104*1472");
        assertThat(DashScopeSizes.wireSize("qwen-image-plus", 512, 2048)).isEqualTo("928*1664");
        assertThat(DashScopeSizes.wireSize("qwen-image-edit-plus", 1024, 768)).isEqualTo("1024*768");
    }

    @Test
    void editBodyPutsTheImagesBeforeTheOneTextAndOmitsSizeAndN() {
        JsonObject body = DashScopeRequests.multimodal(aCallFor("qwen-image-edit")
                .inputImage(TestImages.png(4, 4)).build(), 1);

        var content = body.getJsonObject("input").getJsonArray("messages").getJsonObject(0).getJsonArray("content");
        assertThat(content).hasSize(2);
        assertThat(content.getJsonObject(0).getString("image")).startsWith("data:image/png;base64,iVBOR");
        assertThat(content.getJsonObject(1).getString("text")).isEqualTo("a red fox in the snow");
        assertThat(body.getJsonObject("parameters").getMap()).containsEntry("watermark", false)
                .doesNotContainKeys("size", "n");
    }

    @Test
    void submitAnswerYieldsTheTaskId() {
        assertThat(DashScopeResponses.taskId(Fixtures.json("dashscope/submit-response.json")))
                .isEqualTo("0385dc79-5ff8-4d82-bcb6-caa7d7f8d1f2");
    }

    @Test
    void succeededTaskYieldsItsUrlsAndTheRewrittenPrompt() {
        var state = DashScopeResponses.taskState(Fixtures.json("dashscope/task-succeeded.json"));

        assertThat(state.isFinished()).isTrue();
        assertThat(state.images()).singleElement().satisfies(image -> {
            assertThat(image.url()).startsWith("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/");
            assertThat(image.actualPrompt()).isEqualTo("A red fox stands in fresh snow, soft morning light.");
        });
    }

    @Test
    void partlyFailedResultsKeepOnlyTheImages() {
        var state = DashScopeResponses.taskState(Fixtures.json("dashscope/task-succeeded-partly.json"));

        assertThat(state.images()).extracting(DashScopeResponses.ResultImage::url)
                .containsExactly("https://example.oss/one.png?Expires=1");
    }

    @Test
    void runningTaskIsNotFinished() {
        assertThat(DashScopeResponses.taskState(Fixtures.json("dashscope/task-running.json")).isFinished()).isFalse();
    }

    @Test
    void failedInspectionIsPermanentWhileAnAlgorithmErrorIsARetry() {
        var inspection = DashScopeResponses.taskState(Fixtures.json("dashscope/task-failed-inspection.json"));
        var algo = DashScopeResponses.taskState(Fixtures.json("dashscope/task-failed-algo.json"));

        ProviderFailure moderated = DashScopeErrors.taskFailed("t", inspection.code(), inspection.message());
        ProviderFailure failed = DashScopeErrors.taskFailed("t", algo.code(), algo.message());

        assertThat(moderated.kind()).isEqualTo(ProviderFailure.Kind.PERMANENT);
        assertThat(moderated.code()).isEqualTo("content_moderated");
        assertThat(failed.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
        assertThat(failed.code()).isEqualTo("provider_generation_failed");
    }

    @Test
    void syncAnswerYieldsItsImageUrls() {
        assertThat(DashScopeResponses.syncImages(Fixtures.json("dashscope/sync-response.json")))
                .extracting(DashScopeResponses.ResultImage::url)
                .containsExactly("https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/edit.png?Expires=1757475559&Signature=y");
    }

    @Test
    void syncAnswerWithoutImagesIsARetry() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> DashScopeResponses.syncImages(new JsonObject().put("output", new JsonObject())));

        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RETRY);
    }

    @Test
    void errorsAreClassifiedByTheirCode() {
        assertThat(DashScopeErrors.classify(400, Fixtures.json("dashscope/error-data-inspection.json"), null).code())
                .isEqualTo("content_moderated");
        assertThat(DashScopeErrors.classify(429, Fixtures.json("dashscope/error-throttling-rate-quota.json"), null).kind())
                .isEqualTo(ProviderFailure.Kind.SNOOZE);
        assertThat(DashScopeErrors.classify(429, Fixtures.json("dashscope/error-throttling-allocation-quota.json"), null)
                .code()).isEqualTo("provider_quota_exhausted");
        assertThat(DashScopeErrors.classify(400, Fixtures.json("dashscope/error-arrearage.json"), null).code())
                .isEqualTo("provider_quota_exhausted");
        assertThat(DashScopeErrors.classify(400, Fixtures.json("dashscope/error-invalid-parameter.json"), null).code())
                .isEqualTo("provider_rejected_request");
        assertThat(DashScopeErrors.classify(500, new JsonObject().putNull("code"), null).kind())
                .isEqualTo(ProviderFailure.Kind.RETRY);
    }
}
