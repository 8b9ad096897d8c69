package io.imagequeue.api.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.media.ImageType;
import io.imagequeue.model.error.ErrorType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What {@link ImageInspector} accepts and refuses, from content alone. */
class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(1_000_000, 40_000_000);

    @Test
    void readsTheSizeOfAPngFromItsHeader() {
        InspectedImage image = inspector.inspect(TestImages.png(300, 200), "image");

        assertThat(image.type()).isEqualTo(ImageType.PNG);
        assertThat(image.width()).isEqualTo(300);
        assertThat(image.height()).isEqualTo(200);
    }

    @Test
    void readsTheSizeOfAJpegFromItsFrameHeader() {
        InspectedImage image = inspector.inspect(TestImages.jpeg(320, 240), "image");

        assertThat(image.type()).isEqualTo(ImageType.JPEG);
        assertThat(image.width()).isEqualTo(320);
        assertThat(image.height()).isEqualTo(240);
    }

    @Test
    void readsTheSizeOfAWebp() {
        InspectedImage image = inspector.inspect(TestImages.webp(129, 65), "image");

        assertThat(image.type()).isEqualTo(ImageType.WEBP);
        assertThat(image.width()).isEqualTo(129);
        assertThat(image.height()).isEqualTo(65);
    }

    @Test
    void aGifIsAnUnsupportedFormat415() {
        ApiException refused = refusal(TestImages.gif(10, 10));

        assertThat(refused.type()).isEqualTo(ErrorType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(refused.code()).isEqualTo("unsupported_image_format");
        assertThat(refused.param()).isEqualTo("image");
    }

    @Test
    void aPngNameOnTextIsStillNotAnImage() {
        assertThat(refusal("just some text, not a picture".getBytes()).type()).isEqualTo(ErrorType.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void aTruncatedPngIsAnInvalidImage400() {
        ApiException refused = refusal(TestImages.truncatedPng());

        assertThat(refused.type()).isEqualTo(ErrorType.INVALID_REQUEST);
        assertThat(refused.code()).isEqualTo("invalid_image");
    }

    @Test
    void aPngWithACorruptHeaderIsAnInvalidImage() {
        byte[] png = TestImages.png(32, 32);
        png[20] ^= 0x01; // a bit of the width flips; the header CRC no longer matches

        assertThat(refusal(png).code()).isEqualTo("invalid_image");
    }

    @Test
    void aJpegCutBeforeItsScanIsAnInvalidImage() {
        byte[] jpeg = TestImages.jpeg(64, 64);

        assertThat(refusal(Arrays.copyOf(jpeg, 200)).code()).isEqualTo("invalid_image");
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderWithoutDecoding() {
        byte[] bomb = TestImages.pngDeclaring(100_000, 100_000);
        assertThat(bomb.length).isLessThan(200);

        ApiException refused = refusal(bomb);

        assertThat(refused.type()).isEqualTo(ErrorType.PAYLOAD_TOO_LARGE);
        assertThat(refused.code()).isEqualTo("image_too_large");
        assertThat(refused.getMessage()).contains("100000x100000");
    }

    @Test
    void justUnderThePixelLimitIsAccepted() {
        assertThat(inspector.inspect(TestImages.pngDeclaring(8000, 5000), "image").width()).isEqualTo(8000);
    }

    @Test
    void aFileOverTheByteLimitIs413() {
        ApiException refused = refusal(TestImages.pngOfAbout(1_200_000));

        assertThat(refused.type()).isEqualTo(ErrorType.PAYLOAD_TOO_LARGE);
        assertThat(refused.getMessage()).contains("1000000");
    }

    @Test
    void anEmptyFileIsAnInvalidImage() {
        assertThat(refusal(new byte[0]).code()).isEqualTo("invalid_image");
    }

    private ApiException refusal(byte[] bytes) {
        return catchThrowableOfType(ApiException.class, () -> inspector.inspect(bytes, "image"));
    }
}
