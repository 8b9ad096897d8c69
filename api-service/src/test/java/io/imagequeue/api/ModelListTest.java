package io.imagequeue.api;

import static io.imagequeue.api.ApiTestSupport.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
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
                .body("data.find { it.id == 'openai/gpt-image-1.5' }.sizes", equalTo(java.util.List.of("1024x1024", "1536x1024", "1024x1536")))
                .body("data.find { it.id == 'openai/gpt-image-1.5' }.allows_auto", equalTo(true))
                .body("data.find { it.id == 'dall-e-3' }.allows_auto", equalTo(false));
    }

    @Test
    void freeDimensionsAndAspectRatiosAreDescribedByFieldsOfTheirOwnNotAsSizes() {
        authorized().when().get("/v1/models").then()
                .statusCode(200)
                .body("data.find { it.id == 'black-forest-labs/FLUX-2-pro' }.sizes", hasSize(0))
                .body("data.find { it.id == 'black-forest-labs/FLUX-2-pro' }.dimensions",
                        equalTo(java.util.Map.of("min", 64, "max", 2048, "multiple_of", 32, "default", "1024x1024")))
                .body("data.find { it.id == 'google/gemini-3-pro-T2I' }.sizes", hasSize(0))
                .body("data.find { it.id == 'google/gemini-3-pro-T2I' }.aspect_ratios", hasItems("1:1", "16:9", "21:9"))
                .body("data.find { it.id == 'google/gemini-3-pro-T2I' }.image_sizes", equalTo(java.util.List.of("1K", "2K", "4K")))
                .body("data.sizes.flatten()", everyItem(matchesPattern("\\d+x\\d+")));
    }

    @Test
    void flux2ShowsItsPricePerMegapixel() {
        authorized().when().get("/v1/models").then()
                .statusCode(200)
                .body("data.find { it.id == 'black-forest-labs/FLUX-2-pro' }.price_per_megapixel.first", equalTo(0.03f))
                .body("data.find { it.id == 'black-forest-labs/FLUX-2-pro' }.price_per_megapixel.additional", equalTo(0.015f))
                .body("data.find { it.id == 'black-forest-labs/FLUX-2-pro' }.price_per_megapixel.megapixel", equalTo(1048576))
                .body("data.find { it.id == 'black-forest-labs/FLUX-2-pro' }.price_per_megapixel.rounding", equalTo("up"))
                .body("data.find { it.id == 'black-forest-labs/FLUX-2-pro' }.price_per_megapixel.input_images", equalTo("additional"));
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
    void eachModelSaysWhatItCanDoAndWhichOptionalGenerationFieldsItTakes() {
        var models = authorized().when().get("/v1/models").then().statusCode(200).extract().jsonPath();

        assertThat(models.getList("data.find { it.id == 'dall-e-3' }.capabilities")).containsExactly("text_to_image");
        assertThat(models.getList("data.find { it.id == 'dall-e-3' }.parameters")).containsExactly("quality", "style");
        assertThat(models.getList("data.find { it.id == 'Qwen/qwen-image-edit' }.capabilities"))
                .as("an edit-only model").containsExactly("image_to_image");
        assertThat(models.getList("data.find { it.id == 'stable-diffusion-xl' }.parameters"))
                .as("a provider route's own fields (cfg_scale) are not listed for the OpenAI route")
                .containsExactly("negative_prompt", "num_inference_steps", "seed");
    }

    @Test
    void everyGenerationRouteDocumentsItsWebhookFieldsAndTheWatchingRoutesAreListed() {
        var document = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        for (String route : List.of("/v1/images/generations", "/v1/images/edits", "/v2/automatic1111/sdapi/v1/txt2img",
                "/v2/image/flux/generate", "/v2/image/gemini-3/generate", "/v2/image/gpt-image/generate",
                "/v2/image/qwen/generate")) {
            assertThat(document.getString("paths.'" + route + "'.post.description")).as(route)
                    .contains("webhook_url", "webhook_events");
        }
        for (String route : List.of("/v2/image/gpt-image/generate", "/v2/image/gpt-image/edit", "/v2/image/qwen/generate",
                "/v2/image/qwen/edit")) {
            assertThat(document.getMap("paths.'" + route + "'.post.responses")).as(route).containsKeys("200", "202");
        }
        assertThat(document.getMap("paths")).containsKeys("/v2/tasks", "/v2/tasks/{taskAddress}/events",
                "/v2/tasks/{taskAddress}/webhooks");
    }

    @Test
    void swaggerUiIsOpen() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
