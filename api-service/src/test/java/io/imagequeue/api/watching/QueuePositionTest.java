package io.imagequeue.api.watching;

import static io.imagequeue.api.watching.Tenants.aNewTenantsKey;
import static io.imagequeue.api.watching.Tenants.as;
import static io.imagequeue.api.watching.Tenants.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** No worker runs in these tests: tasks stay queued unless canceled, so the queue is still. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class QueuePositionTest {

    @Test
    void eachTaskHasOneMoreAheadThanTheOneSubmittedBeforeIt() {
        String key = aNewTenantsKey();
        String first = submit(key, "gpt-image");
        String second = submit(key, "gpt-image");
        String third = submit(key, "gpt-image");

        assertThat(position(key, second)).isEqualTo(position(key, first) + 1);
        assertThat(position(key, third)).isEqualTo(position(key, second) + 1);
    }

    @Test
    void aTaskLeavingFromTheMiddleMovesOnlyThoseBehindIt() {
        String key = aNewTenantsKey();
        String first = submit(key, "gpt-image");
        String second = submit(key, "gpt-image");
        String third = submit(key, "gpt-image");
        long before = position(key, first);

        as(key).when().post("/v2/tasks/" + second + "/cancel").then().statusCode(200);
        assertThat(position(key, first)).isEqualTo(before);
        assertThat(position(key, third)).isEqualTo(before + 1);

        as(key).when().post("/v2/tasks/" + first + "/cancel").then().statusCode(200);
        assertThat(position(key, third)).isEqualTo(before);
    }

    @Test
    void anotherModelsQueueDoesNotCount() {
        String key = aNewTenantsKey();
        String mine = submit(key, "qwen");
        long before = position(key, mine);
        submit(key, "gpt-image");
        String other = submit(key, "gpt-image");
        as(key).when().post("/v2/tasks/" + other + "/cancel").then().statusCode(200);

        assertThat(position(key, mine)).isEqualTo(before);
    }

    @Test
    void aRepeatedIdempotentSubmissionTakesNoPlaceInTheQueue() {
        String key = aNewTenantsKey();
        String first = submitIdempotent(key, "same-key");
        assertThat(submitIdempotent(key, "same-key")).isEqualTo(first);
        String next = submit(key, "gpt-image");

        assertThat(position(key, next)).isEqualTo(position(key, first) + 1);
    }

    @Test
    void aTaskThatLeftTheQueueHasNoPosition() {
        String key = aNewTenantsKey();
        String task = submit(key, "gpt-image");
        as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200)
                .body("queue_position", nullValue());
        as(key).when().get("/v2/tasks/" + task).then().body("queue_position", nullValue());
    }

    private static String submitIdempotent(String key, String idempotencyKey) {
        return as(key).header("Idempotency-Key", idempotencyKey)
                .body("{\"prompt\": \"a lighthouse\", \"async\": true}")
                .when().post("/v2/image/gpt-image/generate").then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(202)))
                .extract().path("task_address");
    }

    private static long position(String key, String task) {
        Number position = as(key).when().get("/v2/tasks/" + task).then().statusCode(200)
                .extract().path("queue_position");
        return position.longValue();
    }
}
