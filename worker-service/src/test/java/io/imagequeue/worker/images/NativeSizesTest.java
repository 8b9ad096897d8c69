package io.imagequeue.worker.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.model.catalog.Dimensions;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeSizesTest {

    private static final List<Dimensions> QWEN = List.of(new Dimensions(1664, 928), new Dimensions(1472, 1104),
            new Dimensions(1328, 1328), new Dimensions(1104, 1472), new Dimensions(928, 1664));

    @Test
    void aSquareRequestGetsTheSquareNativeSize() {
        assertThat(NativeSizes.nearestAtOrAbove(QWEN, new Dimensions(1024, 1024))).isEqualTo(new Dimensions(1328, 1328));
    }

    @Test
    void aNativeSizeLargeEnoughOnBothSidesIsPreferredToACloserRatioThatWouldNeedUpscaling() {
        // 1328x1328 is the closer ratio but smaller than 1350 wide; 1472x1104 covers the request.
        assertThat(NativeSizes.nearestAtOrAbove(QWEN, new Dimensions(1350, 1000))).isEqualTo(new Dimensions(1472, 1104));
    }

    @Test
    void whenNoNativeSizeIsLargeEnoughTheNearestRatioIsTaken() {
        assertThat(NativeSizes.nearestAtOrAbove(QWEN, new Dimensions(1920, 1080))).isEqualTo(new Dimensions(1664, 928));
        assertThat(NativeSizes.nearestAtOrAbove(QWEN, new Dimensions(2048, 2048))).isEqualTo(new Dimensions(1328, 1328));
    }

    @Test
    void portraitRequestsGetPortraitSizes() {
        assertThat(NativeSizes.nearestAtOrAbove(QWEN, new Dimensions(576, 1024))).isEqualTo(new Dimensions(928, 1664));
    }
}
