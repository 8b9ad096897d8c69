package io.imagequeue.api.watching;

import static io.imagequeue.api.watching.Tenants.aNewTenantsKey;
import static io.imagequeue.api.watching.Tenants.as;
import static io.imagequeue.api.watching.Tenants.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A client polling a task with {@code If-None-Match} is told "not modified" until the task changes. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class TaskReadCachingTest {

    @Test
    void aWaitingTaskIsTaggedAndMustBeRevalidated() {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");

        var read = as(key).when().get("/v2/tasks/" + task).then().statusCode(200)
                .header("Cache-Control", "private, no-cache")
                .header("Vary", "Authorization, x-api-key")
                .extract();

        assertThat(read.header("ETag")).startsWith("W/\"").contains("queued");
    }

    @Test
    void theSameTagIsA304WithoutABodyUntilTheTaskChanges() {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");
        String etag = as(key).when().get("/v2/tasks/" + task).then().statusCode(200).extract().header("ETag");

        as(key).header("If-None-Match", etag).when().get("/v2/tasks/" + task).then()
                .statusCode(304).header("ETag", etag).body(emptyString());
        as(key).header("If-None-Match", "\"stale\", " + etag.substring(2)).when().get("/v2/tasks/" + task).then()
                .statusCode(304);

        as(key).when().post("/v2/tasks/" + task + "/cancel").then().statusCode(200);

        var changed = as(key).header("If-None-Match", etag).when().get("/v2/tasks/" + task).then()
                .statusCode(200).body("status", equalTo("canceled"))
                .header("Cache-Control", "private, max-age=3600").extract();
        assertThat(changed.header("ETag")).isNotEqualTo(etag).contains("canceled");
    }

    @Test
    void aStarMatchesAnyStateOfTheTask() {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");

        as(key).header("If-None-Match", "*").when().get("/v2/tasks/" + task).then().statusCode(304);
    }

    @Test
    void anotherTenantWithTheTagStillGetsA404() {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");
        String etag = as(key).when().get("/v2/tasks/" + task).then().extract().header("ETag");

        as(aNewTenantsKey()).header("If-None-Match", etag).when().get("/v2/tasks/" + task).then()
                .statusCode(404).body("error.code", equalTo("task_not_found"));
    }
}
