package io.imagequeue.api.watching;

import static io.imagequeue.api.watching.Tenants.aNewTenantsKey;
import static io.imagequeue.api.watching.Tenants.as;
import static io.imagequeue.api.watching.Tenants.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class TaskListTest {

    @Test
    void pagesThroughTheCallersTasksNewestFirstWithNoDuplicatesOrGaps() {
        String key = aNewTenantsKey();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            submitted.add(submit(key, "flux"));
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = as(key).queryParam("limit", 10);
            if (cursor != null) {
                request.queryParam("after", cursor);
            }
            JsonPath page = request.when().get("/v2/tasks").then().statusCode(200)
                    .body("object", equalTo("list")).extract().jsonPath();
            listed.addAll(page.getList("data.task_address"));
            cursor = page.getString("next_cursor");
            assertThat(page.getBoolean("has_more")).isEqualTo(cursor != null);
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(listed).isEqualTo(submitted.reversed());
    }

    @Test
    void tasksSubmittedWhilePagingDoNotShiftTheLaterPages() {
        String key = aNewTenantsKey();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            first.add(submit(key, "flux"));
        }
        JsonPath page1 = as(key).queryParam("limit", 3).when().get("/v2/tasks").then().extract().jsonPath();
        submit(key, "flux");
        JsonPath page2 = as(key).queryParam("limit", 3).queryParam("after", page1.getString("next_cursor"))
                .when().get("/v2/tasks").then().statusCode(200).extract().jsonPath();

        assertThat(page2.getList("data.task_address", String.class)).isEqualTo(first.reversed().subList(3, 6));
        assertThat(page2.getBoolean("has_more")).isFalse();
    }

    @Test
    void listItemsAreTaskObjectsWithTheirPromptWithoutResultAndQueuedOnesHaveAPosition() {
        String key = aNewTenantsKey();
        String task = submit(key, "flux");

        as(key).when().get("/v2/tasks").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].task_address", equalTo(task))
                .body("data[0].object", equalTo("image.task"))
                .body("data[0].status", equalTo("queued"))
                .body("data[0].prompt", equalTo("a lighthouse"))
                .body("data[0].result", nullValue())
                .body("data[0].queue_position", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
                .body("has_more", equalTo(false))
                .body("next_cursor", nullValue());
    }

    @Test
    void anotherTenantSeesNoneOfThem() {
        String mine = aNewTenantsKey();
        submit(mine, "flux");
        String theirs = aNewTenantsKey();

        as(theirs).when().get("/v2/tasks").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void filtersByStatusModelAndCreationTime() {
        String key = aNewTenantsKey();
        String flux = submit(key, "flux");
        String qwen = submit(key, "qwen");
        as(key).when().post("/v2/tasks/" + flux + "/cancel").then().statusCode(200);

        as(key).queryParam("status", "canceled").when().get("/v2/tasks").then()
                .body("data.task_address", equalTo(List.of(flux)));
        as(key).queryParam("status", "queued,canceled").when().get("/v2/tasks").then()
                .body("data.task_address", equalTo(List.of(qwen, flux)));
        String qwenModel = as(key).when().get("/v2/tasks/" + qwen).then().extract().path("model");
        as(key).queryParam("model", qwenModel).when().get("/v2/tasks").then()
                .body("data.task_address", equalTo(List.of(qwen)));
        as(key).queryParam("created_before", "2020-01-01T00:00:00Z").when().get("/v2/tasks").then()
                .body("data", hasSize(0));
        as(key).queryParam("created_after", "1577836800").when().get("/v2/tasks").then()
                .body("data", hasSize(2));
    }

    @Test
    void badFilterValuesAre400sNamingTheParameter() {
        String key = aNewTenantsKey();
        for (Map<String, String> bad : List.of(
                Map.of("limit", "0"), Map.of("limit", "101"), Map.of("limit", "ten"),
                Map.of("status", "done"), Map.of("model", "no-such-model"),
                Map.of("created_after", "yesterday"), Map.of("created_before", "2026-13-40"),
                Map.of("after", "not-a-cursor"), Map.of("after", "dGFza3x4"))) {
            String param = bad.keySet().iterator().next();
            as(key).queryParams(bad).when().get("/v2/tasks").then()
                    .statusCode(400)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo(param));
        }
    }
}
