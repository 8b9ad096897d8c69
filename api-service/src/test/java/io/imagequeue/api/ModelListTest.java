package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.authorized;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models} in API.md's shape, and the open OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class ModelListTest {

    @Test
    void listsEveryModelWithSizesLimitsFeaturesAndPrices() {
        authorized().when().get("/v1/models").then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("dall-e-3", "openai/gpt-image-1.5", "black-forest-labs/FLUX-2-pro"))
                .body("data.find { it.id == 'dall-e-3' }.object", equalTo("model"))
                .body("data.find { it.id == 'dall-e-3' }.owned_by", equalTo("openai"))
                .body("data.find { it.id == 'dall-e-3' }.sizes", equalTo(java.util.List.of("1024x1024", "1024x1792", "1792x1024")))
                .body("data.find { it.id == 'dall-e-3' }.max_n", equalTo(1))
                .body("data.find { it.id == 'dall-e-3' }.features", hasItems("hd", "prompt_revision"))
                .body("data.find { it.id == 'dall-e-3' }.price_per_image.'1024x1024/standard'", equalTo(0.04f))
                .body("data.find { it.id == 'dall-e-3' }.price_per_image.'1024x1024/hd'", equalTo(0.08f))
                .body("data.find { it.id == 'dall-e-3' }.created", notNullValue())
                .body("data.find { it.id == 'openai/gpt-image-1.5' }.sizes", hasItems("auto"));
    }

    @Test
    void needsAKey() {
        given().when().get("/v1/models").then().statusCode(401).body("error.type", equalTo("authentication_error"));
    }

    @Test
    void theOpenApiDocumentIsOpenAndDescribesEveryRoute() {
        given().when().get("/q/openapi?format=json").then()
                .statusCode(200)
                .body("paths.keySet()", hasItems("/v1/images/generations", "/v1/images/edits", "/v1/models",
                        "/v2/automatic1111/sdapi/v1/txt2img", "/v2/image/flux/generate", "/v2/image/gemini-3/generate",
                        "/v2/image/gpt-image/generate", "/v2/image/gpt-image/edit", "/v2/image/qwen/generate",
                        "/v2/image/qwen/edit", "/v2/tasks/{taskAddress}"))
                .body("paths.'/v1/images/generations'.post.requestBody.content.'application/json'.examples", notNullValue());
    }

    @Test
    void swaggerUiIsOpen() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
