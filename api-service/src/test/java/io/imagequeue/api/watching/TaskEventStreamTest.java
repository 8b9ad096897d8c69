package io.imagequeue.api.watching;

import static io.imagequeue.api.watching.Tenants.aNewTenantsKey;
import static io.imagequeue.api.watching.Tenants.as;
import static io.imagequeue.api.watching.Tenants.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.imagequeue.testinfra.EventStreamClient;
import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * No worker runs here: the tasks' changes are cancels, which move status and the positions behind
 * them like any claim does (the trigger that notifies is the same for every transition).
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class TaskEventStreamTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void showsTheTaskAtOnceThenEachChangeAndEndsAtATerminalState() throws Exception {
        String key = aNewTenantsKey();
        String ahead = submit(key, "flux");
        String task = submit(key, "flux");

        try (EventStreamClient stream = EventStreamClient.open(events(task), key, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            EventStreamClient.Event first = stream.next();
            assertThat(first.name()).isEqualTo("status");
            JsonPath queued = JsonPath.from(first.data());
            assertThat(queued.getString("task_address")).isEqualTo(task);
            assertThat(queued.getString("status")).isEqualTo("queued");
            long position = queued.getLong("queue_position");

            as(key).when().post("/v2/tasks/" + ahead + "/cancel").then().statusCode(200);
            JsonPath moved = JsonPath.from(stream.next().data());
            assertThat(moved.getString("status")).isEqualTo("queued");
            assertThat(moved.getLong("queue_position")).isEqualTo(position - 1);

            as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);
            EventStreamClient.Event last = stream.next();
            assertThat(JsonPath.from(last.data()).getString("status")).isEqualTo("canceled");
            assertThat(JsonPath.from(last.data()).getString("queue_position")).isNull();
            assertThat(stream.next()).isEqualTo(EventStreamClient.END);
        }
    }

    @Test
    void aFinishedTaskGetsItsLastStateThenTheEnd() throws Exception {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");
        as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);

        try (EventStreamClient stream = EventStreamClient.open(events(task), key, null)) {
            EventStreamClient.Event only = stream.next();
            assertThat(JsonPath.from(only.data()).getString("status")).isEqualTo("canceled");
            assertThat(only.id()).isNotBlank();
            assertThat(stream.next()).isEqualTo(EventStreamClient.END);
        }
    }

    @Test
    void resumingWithTheLastEventIdOfAnEndedTaskEndsAtOnce() throws Exception {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");
        as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);
        String lastId;
        try (EventStreamClient stream = EventStreamClient.open(events(task), key, null)) {
            lastId = stream.next().id();
        }

        try (EventStreamClient resumed = EventStreamClient.open(events(task), key, lastId)) {
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(resumed.next()).isEqualTo(EventStreamClient.END);
        }
    }

    @Test
    void resumingAQueuedTaskDoesNotRepeatTheStateAlreadySeen() throws Exception {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");
        String lastId;
        try (EventStreamClient stream = EventStreamClient.open(events(task), key, null)) {
            lastId = stream.next().id();
        }

        try (EventStreamClient resumed = EventStreamClient.open(events(task), key, lastId)) {
            as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);
            assertThat(JsonPath.from(resumed.next().data()).getString("status")).isEqualTo("canceled");
        }
    }

    @Test
    void anotherTenantsTaskIsA404() {
        String task = submit(aNewTenantsKey(), "flux");

        as(aNewTenantsKey()).accept("text/event-stream").when().get("/v2/tasks/" + task + "/events").then()
                .statusCode(404)
                .body("error.type", equalTo("not_found_error"))
                .body("error.code", equalTo("task_not_found"));
        as(aNewTenantsKey()).accept("text/event-stream").when().get("/v2/tasks/not-an-address/events").then()
                .statusCode(404);
    }

    private URI events(String task) {
        return base.resolve("/v2/tasks/" + task + "/events");
    }
}
