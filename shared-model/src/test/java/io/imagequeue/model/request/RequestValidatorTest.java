package io.imagequeue.model.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.error.InvalidRequestException;
import io.imagequeue.model.error.ModelNotFoundException;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

    private static final ModelCatalog CATALOG = ModelCatalog.loadDefault();
    private static final RequestValidator VALIDATOR = new RequestValidator(CATALOG);

    private static final String DALL_E_3 = "dall-e-3";
    private static final String DALL_E_2 = "dall-e-2";
    private static final String GPT_IMAGE = "openai/gpt-image-1.5";
    private static final String FLUX_2 = "black-forest-labs/FLUX-2-pro";
    private static final String FLUX_DEV = "flux-dev";
    private static final String GEMINI_3 = "google/gemini-3-pro-T2I";
    private static final String A1111 = "Realistic_Vision_V5.1.safetensors";
    private static final String QWEN = "Qwen/qwen-image";
    private static final String QWEN_EDIT = "Qwen/qwen-image-edit";

    /** A valid request: a prompt and nothing else. */
    private static GenerationParams.Builder aRequest() {
        return GenerationParams.builder().prompt("a red fox in the snow");
    }

    private static NormalizedRequest validate(String model, UnaryOperator<GenerationParams.Builder> params) {
        return VALIDATOR.validate(model, params.apply(aRequest()).build());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            String model, UnaryOperator<GenerationParams.Builder> params, String param, String code) {
        return assertThatThrownBy(() -> validate(model, params))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> {
                    var invalid = (InvalidRequestException) e;
                    assertThat(invalid.param()).as("param").isEqualTo(param);
                    assertThat(invalid.code()).as("code").isEqualTo(code);
                });
    }

    @Nested
    class ModelAndDefaults {

        @Test
        void autoPicksTheDefaultModelAndReportsItsCanonicalId() {
            assertThat(validate("auto", b -> b).model()).isEqualTo(GEMINI_3);
            assertThat(validate(null, b -> b).model()).isEqualTo(GEMINI_3);
        }

        @Test
        void aliasIsNormalisedToTheCanonicalId() {
            assertThat(validate("openai/gpt-image-1.5-T2I", b -> b).model()).isEqualTo(GPT_IMAGE);
        }

        @Test
        void unknownModelIsModelNotFound() {
            assertThatThrownBy(() -> validate("midjourney-v7", b -> b))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessage("The model 'midjourney-v7' does not exist");
        }

        @Test
        void defaultsAreFilledIn() {
            NormalizedRequest r = validate(DALL_E_3, b -> b);
            assertThat(r.n()).isEqualTo(1);
            assertThat(r.size()).isEqualTo("1024x1024");
            assertThat(r.width()).isEqualTo(1024);
            assertThat(r.height()).isEqualTo(1024);
            assertThat(r.quality()).isEqualTo("standard");
            assertThat(r.outputFormat()).isEqualTo("png");
            assertThat(r.style()).isNull();
            assertThat(r.prompt()).isEqualTo("a red fox in the snow");
        }

        @Test
        void gptImageDefaultsToAutoQuality() {
            assertThat(validate(GPT_IMAGE, b -> b).quality()).isEqualTo("auto");
        }

        @Test
        void modelWithoutQualityHasNoQuality() {
            assertThat(validate(FLUX_DEV, b -> b).quality()).isNull();
        }

        @Test
        void nullParamsCountAsAnEmptyRequest() {
            assertThatThrownBy(() -> VALIDATOR.validate(DALL_E_3, null))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("Missing required parameter: 'prompt'.");
        }

        @Test
        void userIsPassedThrough() {
            assertThat(validate(DALL_E_3, b -> b.user("user-42")).user()).isEqualTo("user-42");
        }
    }

    @Nested
    class Prompt {

        @Test
        void missingPromptIsMissingRequiredParameter() {
            assertRejected(DALL_E_3, b -> b.prompt(null), "prompt", "missing_required_parameter")
                    .hasMessage("Missing required parameter: 'prompt'.");
        }

        @Test
        void blankPromptIsMissingRequiredParameter() {
            assertRejected(DALL_E_3, b -> b.prompt("   "), "prompt", "missing_required_parameter");
        }

        @Test
        void promptAtTheModelsLimitIsAccepted() {
            assertThat(validate(DALL_E_2, b -> b.prompt("a".repeat(1000))).prompt()).hasSize(1000);
        }

        @Test
        void promptOverTheModelsLimitIsTooLongAndNamesTheLimit() {
            assertRejected(DALL_E_2, b -> b.prompt("a".repeat(1001)), "prompt", "prompt_too_long")
                    .hasMessageContaining("1001 characters")
                    .hasMessageContaining("at most 1000");
        }

        @Test
        void gptImageAllowsLongerPromptsThanTheContractDefault() {
            assertThat(validate(GPT_IMAGE, b -> b.prompt("a".repeat(32000))).prompt()).hasSize(32000);
            assertRejected(DALL_E_3, b -> b.prompt("a".repeat(4001)), "prompt", "prompt_too_long");
        }

        @Test
        void promptLengthCountsCharactersNotUtf16Units() {
            String emoji = "\uD83E\uDD8A"; // one fox, two UTF-16 units
            assertThat(validate(DALL_E_2, b -> b.prompt(emoji.repeat(1000))).prompt()).isNotNull();
        }
    }

    @Nested
    class ImageCount {

        @Test
        void nWithinTheModelsLimitIsAccepted() {
            assertThat(validate(DALL_E_2, b -> b.n(4)).n()).isEqualTo(4);
            assertThat(validate(GEMINI_3, b -> b.n(10)).n()).isEqualTo(10);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 11})
        void nOutsideOneToTenIsInvalid(int n) {
            assertRejected(GEMINI_3, b -> b.n(n), "n", "invalid_n").hasMessageContaining("between 1 and 10");
        }

        @Test
        void nAboveTheModelsLimitNamesTheLimit() {
            assertRejected(DALL_E_3, b -> b.n(2), "n", "invalid_n")
                    .hasMessage("Invalid 'n': 2. Model 'dall-e-3' makes at most 1 image per request.");
            assertRejected(GPT_IMAGE, b -> b.n(5), "n", "invalid_n").hasMessageContaining("at most 4 images");
        }
    }

    @Nested
    class FixedSizeModels {

        @Test
        void dallE3RejectsUnlistedSizeWithTheAllowedList() {
            assertRejected(DALL_E_3, b -> b.size("2048x2048"), "size", "invalid_size")
                    .hasMessage("Invalid image size '2048x2048'. Allowed sizes: 1024x1024, 1024x1792, 1792x1024");
        }

        @Test
        void listedSizeIsAcceptedWithItsDimensions() {
            NormalizedRequest r = validate(DALL_E_3, b -> b.size("1792x1024"));
            assertThat(r.size()).isEqualTo("1792x1024");
            assertThat(r.width()).isEqualTo(1792);
            assertThat(r.height()).isEqualTo(1024);
        }

        @Test
        void starSeparatedSizeIsNormalised() {
            assertThat(validate(DALL_E_3, b -> b.size("1024*1792")).size()).isEqualTo("1024x1792");
        }

        @Test
        void autoIsAcceptedWhereTheModelAllowsIt() {
            NormalizedRequest r = validate(GPT_IMAGE, b -> b.size("auto"));
            assertThat(r.size()).isEqualTo("auto");
            assertThat(r.width()).isNull();
            assertThat(r.height()).isNull();
        }

        @Test
        void autoIsRejectedWhereTheModelDoesNotAllowIt() {
            assertRejected(DALL_E_3, b -> b.size("auto"), "size", "invalid_size");
        }

        @Test
        void gptImageErrorListsAutoAmongTheSizes() {
            assertRejected(GPT_IMAGE, b -> b.size("512x512"), "size", "invalid_size")
                    .hasMessage("Invalid image size '512x512'. Allowed sizes: 1024x1024, 1536x1024, 1024x1536, auto");
        }

        @Test
        void widthIsNotAParameterOfFixedSizeModels() {
            assertRejected(DALL_E_3, b -> b.width(1024), "width", "unsupported_parameter");
            assertRejected(DALL_E_3, b -> b.height(1024), "height", "unsupported_parameter");
        }

        @Test
        void aspectRatioTakesPrecedenceOverSize() {
            NormalizedRequest r = validate(DALL_E_3, b -> b.size("1024x1024").aspectRatio("16:9"));
            assertThat(r.size()).isEqualTo("1792x1024");
            assertThat(r.aspectRatio()).isEqualTo("16:9");
        }

        @Test
        void aspectRatioPrecedenceIgnoresAnInvalidSize() {
            assertThat(validate(DALL_E_3, b -> b.size("2048x2048").aspectRatio("9:16")).size()).isEqualTo("1024x1792");
        }

        @Test
        void aspectRatioWithAnExactMatchPicksThatSize() {
            assertThat(validate("flux-1.1-pro", b -> b.aspectRatio("3:4")).size()).isEqualTo("768x1024");
            assertThat(validate(DALL_E_3, b -> b.aspectRatio("1:1")).size()).isEqualTo("1024x1024");
        }

        @Test
        void aspectRatioWithoutAnExactMatchPicksTheClosestWithinTolerance() {
            assertThat(validate("stable-diffusion-xl", b -> b.aspectRatio("4:3")).size()).isEqualTo("1152x896");
        }

        @Test
        void aspectRatioFarFromEverySizeIsRejectedListingTheAvailableRatios() {
            assertRejected(DALL_E_3, b -> b.aspectRatio("4:3"), "aspect_ratio", "invalid_size")
                    .hasMessage("Aspect ratio '4:3' is not available for model 'dall-e-3'. Available aspect ratios: "
                            + "1:1 (1024x1024), 4:7 (1024x1792), 7:4 (1792x1024)");
        }

        @Test
        void malformedAspectRatioIsRejected() {
            assertRejected(DALL_E_3, b -> b.aspectRatio("wide"), "aspect_ratio", "invalid_size")
                    .hasMessageContaining("Expected W:H");
        }
    }

    @Nested
    class FreeSizeModels {

        @Test
        void defaultIsTheModelsDefaultSize() {
            assertThat(validate(FLUX_2, b -> b).size()).isEqualTo("1024x1024");
            NormalizedRequest sd = validate(A1111, b -> b);
            assertThat(sd.width()).isEqualTo(512);
            assertThat(sd.height()).isEqualTo(512);
        }

        @Test
        void widthAndHeightOnTheGridAreAccepted() {
            NormalizedRequest r = validate(FLUX_2, b -> b.width(1344).height(768));
            assertThat(r.size()).isEqualTo("1344x768");
            assertThat(r.width()).isEqualTo(1344);
            assertThat(r.height()).isEqualTo(768);
        }

        @Test
        void widthAloneKeepsTheDefaultHeight() {
            assertThat(validate(FLUX_2, b -> b.width(512)).size()).isEqualTo("512x1024");
        }

        @Test
        void widthOffTheGridNamesWidthAndTheRule() {
            assertRejected(FLUX_2, b -> b.width(100), "width", "invalid_size")
                    .hasMessage("Invalid width 100: must be a multiple of 32 between 64 and 2048");
        }

        @ParameterizedTest
        @ValueSource(ints = {32, 2080, 1000})
        void heightOutsideTheRuleNamesHeight(int height) {
            assertRejected(FLUX_2, b -> b.height(height), "height", "invalid_size");
        }

        @Test
        void automatic1111TakesMultiplesOfEight() {
            assertThat(validate(A1111, b -> b.width(768).height(520)).size()).isEqualTo("768x520");
            assertRejected(A1111, b -> b.width(770), "width", "invalid_size")
                    .hasMessage("Invalid width 770: must be a multiple of 8 between 64 and 2048");
        }

        @Test
        void sizeIsParsedAsWxhOrWStarH() {
            assertThat(validate(QWEN, b -> b.size("1328*1328")).size()).isEqualTo("1328x1328");
            assertThat(validate(QWEN, b -> b.size("1664x928")).width()).isEqualTo(1664);
        }

        @Test
        void qwenRejectsSidesOutsideItsRange() {
            assertRejected(QWEN, b -> b.size("256x256"), "size", "invalid_size")
                    .hasMessage("Invalid image size '256x256'. Model 'Qwen/qwen-image' takes WxH with each side "
                            + "between 512 and 2048");
        }

        @Test
        void unparseableSizeIsRejected() {
            assertRejected(FLUX_2, b -> b.size("huge"), "size", "invalid_size");
            assertRejected(FLUX_2, b -> b.size("auto"), "size", "invalid_size");
        }

        @Test
        void aspectRatioGivesAboutAMegapixelOnTheGrid() {
            NormalizedRequest r = validate(FLUX_2, b -> b.aspectRatio("16:9"));
            assertThat(r.width()).isEqualTo(1376);
            assertThat(r.height()).isEqualTo(768);
            assertThat(r.width() % 32).isZero();
            assertThat(r.aspectRatio()).isEqualTo("16:9");
        }

        @Test
        void aspectRatioTakesPrecedenceOverWidthHeightAndSize() {
            NormalizedRequest r = validate(FLUX_2, b -> b.aspectRatio("1:1").width(512).height(256).size("640x640"));
            assertThat(r.size()).isEqualTo("1024x1024");
        }

        @Test
        void widthAndHeightTakePrecedenceOverSize() {
            assertThat(validate(FLUX_2, b -> b.width(640).height(640).size("1024x1024")).size()).isEqualTo("640x640");
        }

        @Test
        void aspectRatioTooExtremeForTheBoundsIsRejected() {
            assertRejected(FLUX_2, b -> b.aspectRatio("100:1"), "aspect_ratio", "invalid_size");
        }
    }

    @Nested
    class AspectRatioModels {

        @Test
        void defaultIsTheFirstRatioAndTier() {
            NormalizedRequest r = validate(GEMINI_3, b -> b);
            assertThat(r.aspectRatio()).isEqualTo("1:1");
            assertThat(r.imageSize()).isEqualTo("1K");
            assertThat(r.size()).isNull();
            assertThat(r.pricingSize()).isEqualTo("1K");
        }

        @Test
        void listedAspectRatioIsUsedDirectly() {
            assertThat(validate(GEMINI_3, b -> b.aspectRatio("21:9")).aspectRatio()).isEqualTo("21:9");
        }

        @Test
        void unlistedAspectRatioIsRejectedWithTheList() {
            assertRejected(GEMINI_3, b -> b.aspectRatio("5:3"), "aspect_ratio", "invalid_size")
                    .hasMessage("Invalid aspect ratio '5:3'. Allowed aspect ratios: "
                            + "1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9");
        }

        @Test
        void equivalentRatioIsSpelledAsTheProviderListsIt() {
            assertThat(validate(GEMINI_3, b -> b.aspectRatio("7:3")).aspectRatio()).isEqualTo("21:9");
            assertThat(validate(GEMINI_3, b -> b.aspectRatio("32:18")).aspectRatio()).isEqualTo("16:9");
        }

        @Test
        void sizeIsMappedToItsReducedRatio() {
            assertThat(validate(GEMINI_3, b -> b.size("1920x1080")).aspectRatio()).isEqualTo("16:9");
            assertThat(validate(GEMINI_3, b -> b.size("1024x1024")).aspectRatio()).isEqualTo("1:1");
        }

        @Test
        void sizeWithAnUnlistedRatioIsRejected() {
            assertRejected(GEMINI_3, b -> b.size("1000x700"), "size", "invalid_size");
        }

        @Test
        void aspectRatioTakesPrecedenceOverSize() {
            assertThat(validate(GEMINI_3, b -> b.size("1024x1024").aspectRatio("9:16")).aspectRatio())
                    .isEqualTo("9:16");
        }

        @Test
        void imageSizeIsValidatedAgainstTheModelsTiers() {
            assertThat(validate(GEMINI_3, b -> b.imageSize("4K")).imageSize()).isEqualTo("4K");
            assertThat(validate(GEMINI_3, b -> b.imageSize("2k")).imageSize()).isEqualTo("2K");
            assertRejected("gemini-2.5-flash-image", b -> b.imageSize("4K"), "image_size", "invalid_value")
                    .hasMessageContaining("Allowed values: 1K");
        }

        @Test
        void imageSizeIsUnsupportedElsewhere() {
            assertRejected(DALL_E_3, b -> b.imageSize("2K"), "image_size", "unsupported_parameter");
        }

        @Test
        void widthIsUnsupported() {
            assertRejected(GEMINI_3, b -> b.width(1024), "width", "unsupported_parameter");
        }
    }

    @Nested
    class OptionalParameters {

        @ParameterizedTest
        @CsvSource({
            "flux-dev, style",
            "flux-dev, quality",
            "dall-e-3, background",
            "dall-e-3, output_format",
            "dall-e-3, output_compression",
            "dall-e-3, guidance_scale",
            "dall-e-3, num_inference_steps",
            "dall-e-3, negative_prompt",
            "dall-e-3, seed",
            "dall-e-3, safety_tolerance",
            "dall-e-3, cfg_scale",
            "dall-e-3, input_fidelity",
            "google/gemini-3-pro-T2I, seed",
        })
        void parameterTheModelDoesNotSupportIsRejectedByName(String model, String param) {
            UnaryOperator<GenerationParams.Builder> setIt = switch (param) {
                case "style" -> b -> b.style("vivid");
                case "quality" -> b -> b.quality("hd");
                case "background" -> b -> b.background("opaque");
                case "output_format" -> b -> b.outputFormat("webp");
                case "output_compression" -> b -> b.outputCompression(80);
                case "guidance_scale" -> b -> b.guidanceScale(3.5);
                case "num_inference_steps" -> b -> b.numInferenceSteps(30);
                case "negative_prompt" -> b -> b.negativePrompt("blurry");
                case "seed" -> b -> b.seed(42L);
                case "safety_tolerance" -> b -> b.safetyTolerance(2);
                case "cfg_scale" -> b -> b.cfgScale(7.0);
                case "input_fidelity" -> b -> b.inputFidelity("high");
                default -> throw new IllegalArgumentException(param);
            };
            assertRejected(model, setIt, param, "unsupported_parameter")
                    .hasMessage("Parameter '" + param + "' is not supported by model '" + model + "'.");
        }

        @Test
        void styleMessageMatchesTheContractWording() {
            assertRejected(FLUX_DEV, b -> b.style("vivid"), "style", "unsupported_parameter")
                    .hasMessage("Parameter 'style' is not supported by model 'flux-dev'.");
        }

        @Test
        void dallE3AcceptsHdQualityAndStyles() {
            NormalizedRequest r = validate(DALL_E_3, b -> b.quality("hd").style("natural"));
            assertThat(r.quality()).isEqualTo("hd");
            assertThat(r.style()).isEqualTo("natural");
        }

        @Test
        void qualityTheModelDoesNotOfferIsInvalidAndListsTheChoices() {
            assertRejected(DALL_E_3, b -> b.quality("high"), "quality", "invalid_value")
                    .hasMessage("Invalid quality 'high' for model 'dall-e-3'. Allowed values: standard, hd");
            assertRejected(GPT_IMAGE, b -> b.quality("hd"), "quality", "invalid_value");
        }

        @Test
        void styleOutsideTheContractIsInvalid() {
            assertRejected(DALL_E_3, b -> b.style("gothic"), "style", "invalid_value");
        }

        @Test
        void gptImageAcceptsBackgroundFormatCompressionAndFidelity() {
            NormalizedRequest r = validate(GPT_IMAGE, b -> b.background("transparent").outputFormat("webp")
                    .outputCompression(80).inputFidelity("high"));
            assertThat(r.background()).isEqualTo("transparent");
            assertThat(r.outputFormat()).isEqualTo("webp");
            assertThat(r.outputCompression()).isEqualTo(80);
            assertThat(r.inputFidelity()).isEqualTo("high");
        }

        @Test
        void jpgIsAcceptedAsJpeg() {
            assertThat(validate(GPT_IMAGE, b -> b.outputFormat("jpg")).outputFormat()).isEqualTo("jpeg");
        }

        @Test
        void outputFormatOutsideTheModelsListIsInvalid() {
            assertRejected(FLUX_2, b -> b.outputFormat("webp"), "output_format", "invalid_value")
                    .hasMessageContaining("Allowed values: png, jpeg");
            assertRejected(GPT_IMAGE, b -> b.outputFormat("gif"), "output_format", "invalid_value");
        }

        @Test
        void outputCompressionNeedsJpegOrWebp() {
            assertRejected(GPT_IMAGE, b -> b.outputCompression(50), "output_compression", "invalid_value")
                    .hasMessageContaining("jpeg or webp");
            assertThat(validate(GPT_IMAGE, b -> b.outputFormat("jpeg").outputCompression(0)).outputCompression())
                    .isZero();
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 101})
        void outputCompressionOutsideZeroToHundredIsInvalid(int compression) {
            assertRejected(GPT_IMAGE, b -> b.outputFormat("jpeg").outputCompression(compression),
                    "output_compression", "invalid_value");
        }

        @Test
        void transparentBackgroundCannotBeJpeg() {
            assertRejected(GPT_IMAGE, b -> b.background("transparent").outputFormat("jpeg"), "background", "invalid_value");
        }

        @Test
        void responseFormatIsCheckedForEveryModel() {
            assertThat(validate(FLUX_DEV, b -> b.responseFormat("b64_json")).model()).isEqualTo(FLUX_DEV);
            assertRejected(FLUX_DEV, b -> b.responseFormat("jpeg"), "response_format", "invalid_value")
                    .hasMessage("Invalid response_format 'jpeg'. Allowed values: url, b64_json");
        }

        @Test
        void diffusionParametersAreAcceptedWithinRange() {
            NormalizedRequest r = validate(A1111, b -> b.numInferenceSteps(20).cfgScale(7.0)
                    .negativePrompt("blurry").seed(1234L));
            assertThat(r.numInferenceSteps()).isEqualTo(20);
            assertThat(r.cfgScale()).isEqualTo(7.0);
            assertThat(r.negativePrompt()).isEqualTo("blurry");
            assertThat(r.seed()).isEqualTo(1234L);
            assertThat(validate("flux-1", b -> b.guidanceScale(3.5)).guidanceScale()).isEqualTo(3.5);
        }

        @Test
        void stepsOutOfRangeNamesTheParameter() {
            assertRejected(A1111, b -> b.numInferenceSteps(0), "num_inference_steps", "invalid_value")
                    .hasMessage("Invalid num_inference_steps 0: must be between 1 and 150.");
        }

        @Test
        void cfgScaleOutOfRangeIsInvalid() {
            assertRejected(A1111, b -> b.cfgScale(0.5), "cfg_scale", "invalid_value");
            assertRejected(A1111, b -> b.cfgScale(Double.NaN), "cfg_scale", "invalid_value");
        }

        @Test
        void guidanceScaleOutOfRangeIsInvalid() {
            assertRejected("flux-1", b -> b.guidanceScale(21.0), "guidance_scale", "invalid_value")
                    .hasMessage("Invalid guidance_scale 21.0: must be between 0 and 20.");
        }

        @Test
        void safetyToleranceRunsFromZeroToSix() {
            assertThat(validate(FLUX_2, b -> b.safetyTolerance(0)).safetyTolerance()).isZero();
            assertThat(validate(FLUX_2, b -> b.safetyTolerance(6)).safetyTolerance()).isEqualTo(6);
            assertRejected(FLUX_2, b -> b.safetyTolerance(7), "safety_tolerance", "invalid_value");
        }

        @Test
        void seedMinusOneMeansRandom() {
            assertThat(validate(A1111, b -> b.seed(-1L)).seed()).isNull();
        }

        @Test
        void seedOutsideTheCommonUpstreamRangeIsInvalid() {
            assertRejected(QWEN, b -> b.seed(5_000_000_000L), "seed", "invalid_value");
            assertRejected(QWEN, b -> b.seed(-2L), "seed", "invalid_value");
        }

        @Test
        void blankNegativePromptIsStoredAsAbsent() {
            assertThat(validate(A1111, b -> b.negativePrompt("")).negativePrompt()).isNull();
        }

        @Test
        void negativePromptOverThePromptLimitIsTooLong() {
            assertRejected(A1111, b -> b.negativePrompt("x".repeat(4001)), "negative_prompt", "prompt_too_long");
        }

        @Test
        void inputFidelityOutsideHighAndLowIsInvalid() {
            assertRejected(GPT_IMAGE, b -> b.inputFidelity("medium"), "input_fidelity", "invalid_value");
        }
    }

    @Nested
    class InputImages {

        @Test
        void textToImageOnlyModelGivenAnImageNamesTheModel() {
            assertRejected(DALL_E_3, b -> b.inputImageCount(1), "model", "invalid_value")
                    .hasMessageContaining("does not accept input images");
        }

        @Test
        void editModelAcceptsImagesAndAMask() {
            NormalizedRequest r = validate("openai/gpt-image-1.5-I2I", b -> b.inputImageCount(2).hasMask(true));
            assertThat(r.model()).isEqualTo(GPT_IMAGE);
        }

        @Test
        void moreImagesThanTheModelTakesIsInvalid() {
            assertRejected(FLUX_2, b -> b.inputImageCount(5), "image", "invalid_value")
                    .hasMessageContaining("at most 4 input images");
            assertThat(validate(FLUX_2, b -> b.inputImageCount(4)).model()).isEqualTo(FLUX_2);
        }

        @Test
        void editOnlyModelRequiresAnImage() {
            assertRejected(QWEN_EDIT, b -> b, "image", "missing_required_parameter");
            assertThat(validate(QWEN_EDIT, b -> b.inputImageCount(1)).model()).isEqualTo(QWEN_EDIT);
        }

        @Test
        void maskIsUnsupportedWhereTheModelHasNoMaskFeature() {
            assertRejected(FLUX_2, b -> b.inputImageCount(1).hasMask(true), "mask", "unsupported_parameter");
        }

        @Test
        void maskWithoutAnImageIsInvalid() {
            assertRejected(GPT_IMAGE, b -> b.hasMask(true), "mask", "invalid_value");
        }
    }
}
