package io.imagequeue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0};

    @TempDir
    Path dir;

    @Test
    void theExtensionFollowsTheBytes() {
        assertThat(ImageFiles.extension(PNG)).isEqualTo("png");
        assertThat(ImageFiles.extension(JPEG)).isEqualTo("jpg");
        assertThat(ImageFiles.extension("RIFF0000WEBPVP8 ".getBytes())).isEqualTo("webp");
    }

    @Test
    void inlineImagesAreNamedByTheBaseAndNumberedWhenSeveral() throws Exception {
        var result = Json.MAPPER.readTree("""
                {"data": [{"b64_json": "%s"}, {"b64_json": "%s"}]}""".formatted(
                Base64.getEncoder().encodeToString(PNG), Base64.getEncoder().encodeToString(JPEG)));
        ImageFiles files = new ImageFiles(new ApiClient(new Settings.Connection("http://127.0.0.1:9", "k")));

        assertThat(files.saveAll(result, dir, "poster")).containsExactly("poster-1.png", "poster-2.jpg");
        assertThat(Files.readAllBytes(dir.resolve("poster-1.png"))).isEqualTo(PNG);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("poster-1.png", "poster-2.jpg");
        }
    }
}
