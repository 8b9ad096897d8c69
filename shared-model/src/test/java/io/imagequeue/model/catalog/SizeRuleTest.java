package io.imagequeue.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizeRuleTest {

    @Test
    void dimensionsParseAllThreeSeparators() {
        assertThat(Dimensions.parse("1024x768")).contains(new Dimensions(1024, 768));
        assertThat(Dimensions.parse("1024X768")).contains(new Dimensions(1024, 768));
        assertThat(Dimensions.parse("1328*1328")).contains(new Dimensions(1328, 1328));
        assertThat(Dimensions.parse("big")).isEmpty();
        assertThat(Dimensions.parse("0x10")).isEmpty();
        assertThat(Dimensions.parse(null)).isEmpty();
    }

    @Test
    void dimensionsReduceToTheirRatio() {
        assertThat(new Dimensions(1920, 1080).ratio()).isEqualTo(new Ratio(16, 9));
        assertThat(new Dimensions(1792, 1024).ratio().toString()).isEqualTo("7:4");
    }

    @Test
    void ratioParsesAndMeasuresDistanceSymmetrically() {
        assertThat(Ratio.parse("16:9")).contains(new Ratio(16, 9));
        assertThat(Ratio.parse("16/9")).isEmpty();
        assertThat(Ratio.parse("0:9")).isEmpty();
        assertThat(new Ratio(2, 1).distanceTo(new Ratio(1, 1))).isEqualTo(2.0);
        assertThat(new Ratio(1, 1).distanceTo(new Ratio(2, 1))).isEqualTo(2.0);
    }

    @Test
    void freeDimensionsDeriveAboutTheDefaultPixelCountForARatioOnTheGrid() {
        var flux = new FreeDimensions(64, 2048, 32, 1024, 1024);
        assertThat(flux.dimensionsFor(new Ratio(16, 9))).isEqualTo(new Dimensions(1376, 768));
        assertThat(flux.dimensionsFor(new Ratio(1, 1))).isEqualTo(new Dimensions(1024, 1024));
        var sd15 = new FreeDimensions(64, 2048, 8, 512, 512);
        assertThat(sd15.dimensionsFor(new Ratio(3, 2))).isEqualTo(new Dimensions(624, 416));
    }

    @Test
    void freeDimensionsClampExtremeRatiosToTheBounds() {
        var flux = new FreeDimensions(64, 2048, 32, 1024, 1024);
        Dimensions d = flux.dimensionsFor(new Ratio(100, 1));
        assertThat(d.width()).isEqualTo(2048);
        assertThat(d.height()).isGreaterThanOrEqualTo(64);
    }

    @Test
    void threeArgumentFreeDimensionsDefaultToAMegapixel() {
        assertThat(new FreeDimensions(64, 2048, 32).defaultSize()).isEqualTo("1024x1024");
        assertThat(new FreeDimensions(64, 512, 8).defaultSize()).isEqualTo("512x512");
    }

    @Test
    void freeDimensionsRejectADefaultOffTheGrid() {
        assertThatThrownBy(() -> new FreeDimensions(64, 2048, 32, 1000, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default size 1000x1024");
    }

    @Test
    void fixedSizesAdvertiseAutoLastWhereAllowed() {
        var gpt = new FixedSizes(List.of("1024x1024", "1536x1024"), true);
        assertThat(gpt.advertisedSizes()).containsExactly("1024x1024", "1536x1024", "auto");
        assertThat(gpt.defaultSize()).isEqualTo("1024x1024");
    }

    @Test
    void fixedSizesMustBeCanonical() {
        assertThatThrownBy(() -> new FixedSizes(List.of("1024*1024"), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aspectRatiosWithTheSameValueCannotBothBeListed() {
        assertThatThrownBy(() -> new AspectRatios(List.of("16:9", "32:18"), List.of("1K")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats");
    }

    @Test
    void aspectRatiosMatchReducedRatiosAndTiersIgnoringCase() {
        var gemini = new AspectRatios(List.of("1:1", "16:9", "21:9"), List.of("1K", "2K"));
        assertThat(gemini.match(new Ratio(32, 18))).contains("16:9");
        assertThat(gemini.match(new Ratio(7, 3))).contains("21:9");
        assertThat(gemini.match(new Ratio(4, 3))).isEmpty();
        assertThat(gemini.matchImageSize("2k")).contains("2K");
    }
}
