package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.authorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class IdempotencyTest {

    private static final String FLUX = "/v2/image/flux/generate";

    @Test
    void sameKeyAndBodyReturnsTheSameTaskMarkedReplayed() {
        String key = UUID.randomUUID().toString();
        String body = "{\"prompt\": \"idempotent lighthouse\", \"async\": true}";
        String first = authorized().header("Idempotency-Key", key).body(body).when().post(FLUX).then()
                .statusCode(202).extract().path("task_address");
        String second = authorized().header("Idempotency-Key", key).body(body).when().post(FLUX).then()
                .statusCode(202)
                .header("Idempotency-Replayed", "true")
                .extract().path("task_address");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void fieldOrderDoesNotMakeADifferentBody() {
        String key = UUID.randomUUID().toString();
        String first = authorized().header("Idempotency-Key", key)
                .body("{\"prompt\": \"ordered\", \"width\": 512, \"async\": true}").when().post(FLUX).then()
                .statusCode(202).extract().path("task_address");
        String second = authorized().header("Idempotency-Key", key)
                .body("{\"async\": true, \"width\": 512, \"prompt\": \"ordered\"}").when().post(FLUX).then()
                .statusCode(202).extract().path("task_address");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void sameKeyWithAnotherBodyIs409() {
        String key = UUID.randomUUID().toString();
        authorized().header("Idempotency-Key", key).body("{\"prompt\": \"one\", \"async\": true}")
                .when().post(FLUX).then().statusCode(202);
        authorized().header("Idempotency-Key", key).body("{\"prompt\": \"two\", \"async\": true}")
                .when().post(FLUX).then()
                .statusCode(409)
                .body("error.type", equalTo("conflict_error"));
    }
}
