package io.imagequeue.simulator.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartFormTest {

    @Test
    void parsesFieldsAndRepeatedFilePartsInOrder() {
        String body = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"prompt\"\r\n\r\n"
                + "a fox\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"image[]\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n"
                + "AAA\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"image[]\"; filename=\"b.png\"\r\n\r\n"
                + "BB\r\n"
                + "--XyZ--\r\n";

        MultipartForm form = MultipartForm.parse("multipart/form-data; boundary=XyZ",
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(form.text("prompt")).isEqualTo("a fox");
        assertThat(form.all("image[]")).extracting(MultipartForm.Part::filename).containsExactly("a.png", "b.png");
        assertThat(form.first("image[]").orElseThrow().contentType()).isEqualTo("image/png");
        assertThat(form.all("image[]").get(1).text()).isEqualTo("BB");
    }

    @Test
    void rejectsBodiesThatAreNotMultipart() {
        assertThatThrownBy(() -> MultipartForm.parse("application/json", "{}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartForm.parse("multipart/form-data; boundary=q", "garbage".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
