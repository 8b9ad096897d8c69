package io.imagequeue.model.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagequeue.model.task.TaskPriority;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskJobCodecTest {

    private final TaskJobCodec codec = new TaskJobCodec();

    private static TaskJob aJob() {
        return TaskJob.of("tsk_5mQ0c8pX2vAbCdEf", "black-forest-labs/FLUX-2-pro", TaskPriority.INTERACTIVE);
    }

    private TaskJob decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodeThenDecodeGivesTheSameJob() {
        TaskJob job = aJob();
        assertThat(codec.decode(codec.encode(job))).isEqualTo(job);
    }

    @Test
    void encodesSnakeCaseJsonWithOnlyTheFourFields() {
        String json = new String(codec.encode(aJob()), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"schema_version\":1,\"task_id\":\"tsk_5mQ0c8pX2vAbCdEf\","
                + "\"model\":\"black-forest-labs/FLUX-2-pro\",\"priority\":\"interactive\"}");
    }

    @Test
    void ofUsesTheCurrentSchemaAndThePriorityWireValue() {
        TaskJob job = TaskJob.of("tsk_1", "dall-e-3", TaskPriority.BATCH);
        assertThat(job.schemaVersion()).isEqualTo(TaskJob.CURRENT_SCHEMA);
        assertThat(job.priority()).isEqualTo("batch");
        assertThat(job.taskPriority()).isEqualTo(TaskPriority.BATCH);
    }

    @Test
    void unknownFieldsAreIgnoredSoOptionalAdditionsNeedNoVersionBump() {
        TaskJob job = decode("""
                {"schema_version": 1, "task_id": "tsk_1", "model": "dall-e-3", "priority": "batch", "trace": "abc"}""");
        assertThat(job.taskId()).isEqualTo("tsk_1");
    }

    @Test
    void emptyMessageIsMalformed() {
        assertThatThrownBy(() -> codec.decode(new byte[0]))
                .isInstanceOf(MalformedMessageException.class)
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("empty message");
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void invalidJsonIsMalformed() {
        assertThatThrownBy(() -> decode("{\"schema_version\": 1,"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("Malformed task message: not valid JSON");
    }

    @Test
    void nonObjectJsonIsMalformed() {
        assertThatThrownBy(() -> decode("[1, 2]"))
                .isInstanceOf(MalformedMessageException.class)
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("not a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"task_id\": \"t\", \"model\": \"m\", \"priority\": \"batch\"}                        | missing field 'schema_version'",
        "{\"schema_version\": 1, \"model\": \"m\", \"priority\": \"batch\"}                     | missing field 'task_id'",
        "{\"schema_version\": 1, \"task_id\": \"t\", \"priority\": \"batch\"}                   | missing field 'model'",
        "{\"schema_version\": 1, \"task_id\": \"t\", \"model\": \"m\"}                          | missing field 'priority'",
        "{\"schema_version\": 1, \"task_id\": null, \"model\": \"m\", \"priority\": \"batch\"}  | missing field 'task_id'",
        "{\"schema_version\": 1, \"task_id\": \" \", \"model\": \"m\", \"priority\": \"batch\"} | field 'task_id' is blank",
        "{\"schema_version\": 1, \"task_id\": 7, \"model\": \"m\", \"priority\": \"batch\"}     | field 'task_id' is not a string",
        "{\"schema_version\": \"1\", \"task_id\": \"t\", \"model\": \"m\", \"priority\": \"batch\"} | field 'schema_version' is not an integer",
        "{\"schema_version\": 2, \"task_id\": \"t\", \"model\": \"m\", \"priority\": \"batch\"}  | unsupported schema_version 2 (this consumer reads 1)",
        "{\"schema_version\": 1, \"task_id\": \"t\", \"model\": \"m\", \"priority\": \"urgent\"} | unknown priority 'urgent'",
    })
    void eachMalformedCaseCarriesItsReason(String json, String reason) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(MalformedMessageException.class)
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo(reason);
    }

    @Test
    void encodingAnInvalidJobIsAProducerBug() {
        assertThatThrownBy(() -> codec.encode(new TaskJob(1, null, "m", "batch")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing field 'task_id'");
        assertThatThrownBy(() -> codec.encode(new TaskJob(9, "t", "m", "batch")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
