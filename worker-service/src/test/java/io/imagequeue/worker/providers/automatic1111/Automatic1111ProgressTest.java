package io.imagequeue.worker.providers.automatic1111;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Which answers of the server-global {@code /sdapi/v1/progress} are about our job. */
class Automatic1111ProgressTest {

    private static JsonObject answer(String json) {
        return new JsonObject(json);
    }

    @Test
    void theRunningJobWithOurForcedTaskIdIsOurs() {
        assertThat(Automatic1111Progress.ofJob(answer("""
                {"progress": 0.42, "eta_relative": 3.1, "state": {"job_count": 1, "job_no": 0},
                 "current_task": "imagequeue-tsk_1-2"}"""), "imagequeue-tsk_1-2")).contains(0.42);
    }

    @Test
    void anotherJobOrNoneIsNotOurs() {
        assertThat(Automatic1111Progress.ofJob(answer("""
                {"progress": 0.9, "state": {"job_count": 1}, "current_task": "task(txt2img-ABCDEFG)"}"""),
                "imagequeue-tsk_1-2")).isEmpty();
        assertThat(Automatic1111Progress.ofJob(answer("""
                {"progress": 0, "eta_relative": 0, "state": {"job_count": 0}, "current_task": null}"""),
                "imagequeue-tsk_1-2")).isEmpty();
    }

    @Test
    void aRetryIsNotMistakenForTheAttemptBefore() {
        assertThat(Automatic1111Progress.jobId("tsk_1", 1)).isNotEqualTo(Automatic1111Progress.jobId("tsk_1", 2));
    }

    @Test
    void aServerWithoutCurrentTaskIsTrustedOnlyWhileItRunsAJob() {
        assertThat(Automatic1111Progress.ofJob(answer("""
                {"progress": 0.3, "state": {"job_count": 1}}"""), "imagequeue-tsk_1-1")).contains(0.3);
        assertThat(Automatic1111Progress.ofJob(answer("""
                {"progress": 0, "state": {"job_count": 0}}"""), "imagequeue-tsk_1-1")).isEmpty();
    }

    @Test
    void anAnswerOfTheWrongShapeIsIgnored() {
        assertThat(Automatic1111Progress.ofJob(answer("""
                {"progress": "half", "current_task": "j"}"""), "j")).isEmpty();
        assertThat(Automatic1111Progress.ofJob(answer("""
                {"progress": 0.5, "state": "busy"}"""), "j")).isEmpty();
    }
}
