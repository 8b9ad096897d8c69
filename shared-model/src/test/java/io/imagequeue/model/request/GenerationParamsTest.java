package io.imagequeue.model.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenerationParamsTest {

    @Test
    void builderLeavesUnsetFieldsAbsent() {
        GenerationParams params = GenerationParams.builder().prompt("a fox").build();
        assertThat(params.prompt()).isEqualTo("a fox");
        assertThat(params.n()).isNull();
        assertThat(params.size()).isNull();
        assertThat(params.inputImageCount()).isZero();
        assertThat(params.hasMask()).isFalse();
    }

    @Test
    void toBuilderCopiesEveryField() {
        GenerationParams original = GenerationParams.builder().prompt("a fox").n(2).size("1024x1024")
                .aspectRatio("1:1").width(64).height(64).quality("hd").style("vivid").responseFormat("url")
                .outputFormat("png").outputCompression(50).background("auto").guidanceScale(1.0)
                .numInferenceSteps(10).negativePrompt("x").seed(1L).user("u").safetyTolerance(3).imageSize("2K")
                .cfgScale(5.0).inputFidelity("low").inputImageCount(3).hasMask(true).build();
        assertThat(original.toBuilder().build()).isEqualTo(original);
        assertThat(original.toBuilder().n(3).build().n()).isEqualTo(3);
    }
}
