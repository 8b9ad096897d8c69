package io.imagequeue.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();

    private static BigDecimal price(String model, String size, String quality) {
        return CATALOG.resolve(model).pricePerImage(size, quality).orElseThrow();
    }

    @Test
    void dallE3IsPricedBySizeAndQuality() {
        assertThat(price("dall-e-3", "1024x1024", "standard")).isEqualByComparingTo("0.040");
        assertThat(price("dall-e-3", "1024x1024", "hd")).isEqualByComparingTo("0.080");
        assertThat(price("dall-e-3", "1024x1792", "standard")).isEqualByComparingTo("0.080");
        assertThat(price("dall-e-3", "1792x1024", "hd")).isEqualByComparingTo("0.120");
    }

    @Test
    void missingQualityMeansTheModelsDefaultQuality() {
        assertThat(price("dall-e-3", "1024x1024", null)).isEqualByComparingTo("0.040");
    }

    @Test
    void dallE2IsPricedBySize() {
        assertThat(price("dall-e-2", "256x256", "standard")).isEqualByComparingTo("0.016");
        assertThat(price("dall-e-2", "512x512", "standard")).isEqualByComparingTo("0.018");
        assertThat(price("dall-e-2", "1024x1024", null)).isEqualByComparingTo("0.020");
    }

    @Test
    void flatPricedModelFallsBackToTheWildcardForAnySize() {
        assertThat(price("flux-1.1-pro", "1024x1024", null)).isEqualByComparingTo("0.040");
        assertThat(price("flux-1.1-pro", "768x1024", null)).isEqualByComparingTo("0.040");
    }

    @Test
    void flux2IsPricedByMegapixelsRoundedUpAsBflCharges() {
        MegapixelPrices flux2 = CATALOG.resolve("black-forest-labs/FLUX-2-pro").megapixelPrices();

        assertThat(flux2.priceFor(new Dimensions(1024, 1024))).as("one megapixel").isEqualByComparingTo("0.030");
        assertThat(flux2.priceFor(new Dimensions(64, 64))).as("at least one megapixel").isEqualByComparingTo("0.030");
        assertThat(flux2.priceFor(new Dimensions(1344, 768))).as("just under one").isEqualByComparingTo("0.030");
        assertThat(flux2.priceFor(new Dimensions(1056, 1024))).as("just over one counts as two").isEqualByComparingTo("0.045");
        assertThat(flux2.priceFor(new Dimensions(1920, 1080))).isEqualByComparingTo("0.045");
        assertThat(flux2.priceFor(new Dimensions(2048, 2048))).as("four").isEqualByComparingTo("0.075");
    }

    @Test
    void flux2ChargesEveryInputImageMegapixelAtTheFurtherMegapixelPrice() {
        MegapixelPrices flux2 = CATALOG.resolve("black-forest-labs/FLUX-2-pro").megapixelPrices();
        Dimensions square = new Dimensions(1024, 1024);

        assertThat(flux2.priceFor(square, List.of())).as("text to image").isEqualByComparingTo("0.030");
        assertThat(flux2.priceFor(square, List.of(square))).as("BFL's 1 MP edit").isEqualByComparingTo("0.045");
        assertThat(flux2.priceFor(square, List.of(new Dimensions(64, 64)))).as("a small input is still one megapixel")
                .isEqualByComparingTo("0.045");
        assertThat(flux2.priceFor(square, List.of(new Dimensions(1920, 1080), new Dimensions(1920, 1080))))
                .as("two 2 MP references").isEqualByComparingTo("0.090");
    }

    @Test
    void gptImageIsPricedByQualityAndAutoSizeFallsBackToThePerQualityPrice() {
        assertThat(price("openai/gpt-image-1.5", "1024x1024", "low")).isEqualByComparingTo("0.009");
        assertThat(price("openai/gpt-image-1.5", "1536x1024", "high")).isEqualByComparingTo("0.200");
        assertThat(price("openai/gpt-image-1.5", "auto", "medium")).isEqualByComparingTo("0.050");
        assertThat(price("openai/gpt-image-1.5", "auto", null)).isEqualByComparingTo("0.200");
    }

    @Test
    void geminiIsPricedByResolutionTier() {
        assertThat(price("google/gemini-3-pro-T2I", "1K", null)).isEqualByComparingTo("0.134");
        assertThat(price("google/gemini-3-pro-T2I", "4K", null)).isEqualByComparingTo("0.240");
    }

    @Test
    void unpricedCombinationIsEmpty() {
        assertThat(CATALOG.resolve("dall-e-3").pricePerImage("512x512", "standard")).isEmpty();
    }

    @Test
    void everyModelHasAPriceForItsDefaultRequest() {
        for (ModelSpec spec : CATALOG.models()) {
            String size = spec.sizeRule() instanceof AspectRatios r ? r.defaultImageSize() : spec.sizeRule().defaultSize();
            assertThat(spec.megapixelPrices() != null || spec.pricePerImage(size, null).isPresent()).as(spec.id()).isTrue();
        }
    }

    @Test
    void matchesIdAndAliasesExactly() {
        ModelSpec gemini = CATALOG.resolve("google/gemini-3-pro-T2I");
        assertThat(gemini.matches("google/gemini-3-pro-T2I")).isTrue();
        assertThat(gemini.matches("gemini-3-pro-image-preview")).isTrue();
        assertThat(gemini.matches("Gemini-3-pro-image-preview")).isFalse();
        assertThat(gemini.matches(null)).isFalse();
    }

    @Test
    void allowedValuesNarrowTheContractWhereTheModelSaysSo() {
        assertThat(CATALOG.resolve("dall-e-3").allowedValues("quality")).containsExactly("standard", "hd");
        assertThat(CATALOG.resolve("openai/gpt-image-1.5").allowedValues("background"))
                .containsExactly("transparent", "opaque", "auto");
        assertThat(CATALOG.resolve("google/gemini-3-pro-T2I").allowedValues("image_size"))
                .containsExactly("1K", "2K", "4K");
        assertThat(CATALOG.resolve("flux-dev").allowedValues("style")).isEmpty();
    }

    @Test
    void slugReplacesEveryCharacterOutsideLowerCaseLettersAndDigits() {
        assertThat(ModelSpec.slug("Qwen/qwen-image_edit.V2")).isEqualTo("qwen-qwen-image-edit-v2");
    }
}
