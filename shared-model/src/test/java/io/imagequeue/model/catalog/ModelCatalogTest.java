package io.imagequeue.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagequeue.model.error.ModelNotFoundException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelCatalogTest {

    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @ParameterizedTest
    @ValueSource(strings = {
        "flux-1", "flux-1.1-pro", "flux-dev", "black-forest-labs/FLUX-2-pro", "dall-e-3", "dall-e-2",
        "openai/gpt-image-1.5", "stable-diffusion-xl", "ideogram-v2", "gemini-2.5-flash-image",
        "google/gemini-3-pro-T2I", "Qwen/qwen-image", "Qwen/qwen-image-edit",
        "Realistic_Vision_V5.1.safetensors", "illustriousRealismBy_v10VAE.safetensors",
        "stable-diffusion-v1-5-pruned.safetensors"})
    void everyModelOfTheContractIsInTheBundledCatalogUnderItsCanonicalId(String id) {
        assertThat(CATALOG.find(id)).get().extracting(ModelSpec::id).isEqualTo(id);
    }

    @Test
    void bundledCatalogListsExactlyTheContractModels() {
        assertThat(CATALOG.models()).hasSize(16);
    }

    @ParameterizedTest
    @CsvSource({
        "openai/gpt-image-1.5-T2I, openai/gpt-image-1.5",
        "openai/gpt-image-1.5-I2I, openai/gpt-image-1.5",
        "gemini-3-pro-image-preview, google/gemini-3-pro-T2I",
        "flux-2-pro, black-forest-labs/FLUX-2-pro",
        "qwen-image, Qwen/qwen-image",
    })
    void aliasesResolveToTheCanonicalId(String alias, String canonical) {
        assertThat(CATALOG.resolve(alias).id()).isEqualTo(canonical);
        assertThat(CATALOG.resolve(alias).matches(alias)).isTrue();
    }

    @Test
    void gptImageGenerateAndEditAliasesNameOneModelThatDoesBoth() {
        ModelSpec t2i = CATALOG.resolve("openai/gpt-image-1.5-T2I");
        assertThat(CATALOG.resolve("openai/gpt-image-1.5-I2I")).isSameAs(t2i);
        assertThat(t2i.capabilities()).containsExactly(Capability.TEXT_TO_IMAGE, Capability.IMAGE_TO_IMAGE);
    }

    @Test
    void autoAndNullResolveToTheDefaultModelGemini3Pro() {
        assertThat(CATALOG.defaultModel().id()).isEqualTo("google/gemini-3-pro-T2I");
        assertThat(CATALOG.resolve("auto")).isSameAs(CATALOG.defaultModel());
        assertThat(CATALOG.resolve(null)).isSameAs(CATALOG.defaultModel());
    }

    @Test
    void unknownModelIsModelNotFoundWithTheContractMessage() {
        assertThatThrownBy(() -> CATALOG.resolve("dall-e-4"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("The model 'dall-e-4' does not exist")
                .satisfies(e -> {
                    var notFound = (ModelNotFoundException) e;
                    assertThat(notFound.model()).isEqualTo("dall-e-4");
                    assertThat(notFound.param()).isEqualTo("model");
                    assertThat(notFound.code()).isEqualTo("model_not_found");
                });
    }

    @Test
    void lookupIsCaseSensitive() {
        assertThat(CATALOG.find("DALL-E-3")).isEmpty();
        assertThat(CATALOG.find("qwen/qwen-image")).isEmpty();
        assertThat(CATALOG.find(null)).isEmpty();
    }

    @Test
    void everyTopicIsAValidUniqueKafkaTopicName() {
        assertThat(CATALOG.topics()).allMatch(t -> KAFKA_TOPIC.matcher(t).matches()).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @CsvSource({
        "black-forest-labs/FLUX-2-pro, imagequeue.tasks.black-forest-labs-flux-2-pro",
        "flux-1.1-pro, imagequeue.tasks.flux-1-1-pro",
        "Realistic_Vision_V5.1.safetensors, imagequeue.tasks.realistic-vision-v5-1-safetensors",
        "google/gemini-3-pro-T2I, imagequeue.tasks.google-gemini-3-pro-t2i",
    })
    void topicIsThePrefixPlusTheLowerCasedIdWithOtherCharactersAsDashes(String id, String topic) {
        assertThat(CATALOG.resolve(id).topic()).isEqualTo(topic);
        assertThat(CATALOG.findByTopic(topic)).get().extracting(ModelSpec::id).isEqualTo(id);
    }

    @Test
    void limitsCarryProviderDefaults() {
        assertThat(CATALOG.resolve("black-forest-labs/FLUX-2-pro").limits().maxConcurrent()).isEqualTo(24);
        assertThat(CATALOG.resolve("Realistic_Vision_V5.1.safetensors").limits().maxConcurrent()).isEqualTo(1);
        assertThat(CATALOG.resolve("dall-e-3").limits().requestsPerMinute()).isEqualTo(50);
        assertThat(CATALOG.resolve("google/gemini-3-pro-T2I").limits().requestsPerMinute()).isEqualTo(20);
    }

    @Test
    void promptLimitsFollowTheProviders() {
        assertThat(CATALOG.resolve("openai/gpt-image-1.5").maxPromptLength()).isEqualTo(32000);
        assertThat(CATALOG.resolve("dall-e-2").maxPromptLength()).isEqualTo(1000);
        assertThat(CATALOG.resolve("dall-e-3").maxPromptLength()).isEqualTo(4000);
    }

    @Test
    void dallE3AdvertisesItsSizesAndFeatures() {
        ModelSpec dallE3 = CATALOG.resolve("dall-e-3");
        assertThat(((FixedSizes) dallE3.sizeRule()).advertisedSizes()).containsExactly("1024x1024", "1024x1792", "1792x1024");
        assertThat(dallE3.features()).contains("hd", "prompt_revision");
        assertThat(dallE3.maxN()).isEqualTo(1);
        assertThat(dallE3.provider().ownedBy()).isEqualTo("openai");
    }

    @Test
    void collectionsOfALoadedModelAreImmutable() {
        ModelSpec spec = CATALOG.resolve("dall-e-3");
        assertThatThrownBy(() -> spec.aliases().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.prices().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.supportedParams().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> CATALOG.models().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyModelRoundTripsThroughAPlainObjectMapper() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ModelSpec spec : CATALOG.models()) {
            assertThat(mapper.readValue(mapper.writeValueAsString(spec), ModelSpec.class)).isEqualTo(spec);
        }
    }

    @Test
    void programmaticCatalogResolvesItsDefaultThroughAnAlias() {
        ModelSpec spec = CATALOG.resolve("flux-2-pro");
        ModelCatalog small = ModelCatalog.of("flux-2-pro", List.of(spec));
        assertThat(small.resolve("auto")).isSameAs(spec);
    }

    // --- loading failures -------------------------------------------------------------------

    private static final String MODEL_A = """
            {"id": "model-a", "aliases": ["a"], "provider": "openai", "upstream_model": "up-a",
             "size_rule": {"type": "fixed", "sizes": ["1024x1024"]},
             "max_n": 1, "capabilities": ["text_to_image"],
             "limits": {"requests_per_minute": 10, "max_concurrent": 2},
             "prices": {"*/*": 0.01}, "max_prompt_length": 4000}""";

    private static ModelCatalog load(String json) {
        return ModelCatalog.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String catalog(String defaultModel, String... models) {
        return "{\"schema_version\": 1, \"default_model\": \"" + defaultModel + "\", \"models\": ["
                + String.join(",", models) + "]}";
    }

    @Test
    void minimalValidCatalogLoadsWithOptionalFieldsDefaulted() {
        ModelCatalog loaded = load(catalog("a", MODEL_A));
        ModelSpec spec = loaded.defaultModel();
        assertThat(spec.id()).isEqualTo("model-a");
        assertThat(spec.supportedParams()).isEmpty();
        assertThat(spec.features()).isEmpty();
        assertThat(spec.defaultQuality()).isNull();
        assertThat(spec.maxInputImages()).isZero();
    }

    @Test
    void duplicateIdFailsNamingTheName() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A, MODEL_A.replace("\"a\"]", "\"b\"]"))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("'model-a' is used by both");
    }

    @Test
    void aliasThatIsAnotherModelsIdFails() {
        String other = MODEL_A.replace("model-a", "model-b").replace("[\"a\"]", "[\"model-a\"]");
        assertThatThrownBy(() -> load(catalog("a", MODEL_A, other)))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("the name 'model-a' is used by both 'model-a' and 'model-b'");
    }

    @Test
    void idsThatShareATopicFail() {
        String other = MODEL_A.replace("model-a", "model.a").replace("[\"a\"]", "[\"b\"]");
        assertThatThrownBy(() -> load(catalog("a", MODEL_A, other)))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("same topic imagequeue.tasks.model-a");
    }

    @Test
    void missingRequiredFieldFailsNamingTheFieldAndEntry() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("\"max_n\": 1, ", ""))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("models[0]")
                .hasMessageContaining("max_n");
    }

    @Test
    void missingRateLimitFieldFailsNamingIt() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("\"max_concurrent\": 2", "\"max_concurrentt\": 2"))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("max_concurrent");
    }

    @Test
    void defaultModelThatDoesNotExistFails() {
        assertThatThrownBy(() -> load(catalog("nope", MODEL_A)))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("default_model 'nope' is not a model id or alias");
    }

    @Test
    void unknownFieldFailsSoTyposAreCaught() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("\"max_n\"", "\"max_nn\": 1, \"max_n\""))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("max_nn");
    }

    @Test
    void unknownSupportedParamFails() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("\"max_n\": 1,", "\"max_n\": 1, \"supported_params\": [\"stlye\"],"))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("model 'model-a': supported_params names 'stlye'");
    }

    @Test
    void sizeWithoutAPriceFails() {
        String twoSizes = MODEL_A.replace("[\"1024x1024\"]", "[\"1024x1024\", \"512x512\"]")
                .replace("{\"*/*\": 0.01}", "{\"1024x1024/*\": 0.01}");
        assertThatThrownBy(() -> load(catalog("a", twoSizes)))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("no price for size '512x512'");
    }

    @Test
    void malformedPriceKeyFails() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("\"*/*\"", "\"2048x2048/hd\""))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("price key '2048x2048/hd'");
    }

    @Test
    void imageToImageWithoutAnInputImageLimitFails() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("[\"text_to_image\"]", "[\"image_to_image\"]"))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("max_input_images must be positive exactly when");
    }

    @Test
    void unknownProviderFails() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("\"openai\"", "\"midjourney\""))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("midjourney");
    }

    @Test
    void unknownSizeRuleTypeFails() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A.replace("\"fixed\"", "\"fluid\""))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("fluid");
    }

    @Test
    void autoCannotNameAModel() {
        assertThatThrownBy(() -> load(catalog("model-a", MODEL_A.replace("[\"a\"]", "[\"auto\"]"))))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("'auto' is reserved");
    }

    @Test
    void malformedJsonFails() {
        assertThatThrownBy(() -> load("{\"schema_version\": 1, "))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageStartingWith("Invalid model catalog");
    }

    @Test
    void unsupportedSchemaVersionFails() {
        assertThatThrownBy(() -> load(catalog("a", MODEL_A).replace("\"schema_version\": 1", "\"schema_version\": 2")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("schema_version 2");
    }

    @Test
    void emptyModelListFails() {
        assertThatThrownBy(() -> load(catalog("a")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("lists no models");
    }
}
