package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible routes, driven by the official OpenAI Java SDK exactly as an application
 * would, against the whole running service (API, Kafka, worker, the simulator's OpenAI protocol, S3).
 */
class OpenAiSdkIT {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static Stack stack;
    private static OpenAIClient openai;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(1);
        openai = client(Stack.API_KEY);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void dallE3GenerationAnswersALinkToTheStoredImageAndTheRevisedPrompt() throws Exception {
        ImagesResponse response = openai.images().generate(ImageGenerateParams.builder()
                .model(ImageModel.DALL_E_3)
                .prompt("a lighthouse at dawn")
                .size(ImageGenerateParams.Size._1024X1024)
                .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                .build());

        Image image = response.data().orElseThrow().get(0);
        assertThat(image.b64Json()).isEmpty();
        assertThat(image.revisedPrompt()).hasValueSatisfying(p -> assertThat(p).contains("lighthouse"));
        byte[] png = download(image.url().orElseThrow());
        assertThat(png).startsWith(PNG_SIGNATURE);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(1024);
        assertThat(decoded.getHeight()).isEqualTo(1024);
    }

    @Test
    void gptImageGenerationAnswersBase64ImagesInline() throws Exception {
        ImagesResponse response = openai.images().generate(ImageGenerateParams.builder()
                .model("openai/gpt-image-1.5")
                .prompt("two red foxes")
                .n(2)
                .size(ImageGenerateParams.Size._1536X1024)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        List<Image> images = response.data().orElseThrow();
        assertThat(images).hasSize(2);
        byte[] png = Base64.getDecoder().decode(images.get(0).b64Json().orElseThrow());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(1536);
        assertThat(decoded.getHeight()).isEqualTo(1024);
        assertThat(images.get(0).url()).isEmpty();
    }

    @Test
    void gptImageWebpOutputArrivesAsWebp() {
        ImagesResponse response = openai.images().generate(ImageGenerateParams.builder()
                .model("openai/gpt-image-1.5")
                .prompt("a webp lighthouse")
                .outputFormat(ImageGenerateParams.OutputFormat.WEBP)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        byte[] webp = Base64.getDecoder().decode(response.data().orElseThrow().get(0).b64Json().orElseThrow());
        assertThat(new String(webp, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    }

    @Test
    void multipartEditWithAMaskAnswersAnImageOfTheInputsSize() throws Exception {
        byte[] input = TestImages.png(1024, 1024, new Color(30, 90, 200, 255));
        byte[] mask = TestImages.png(1024, 1024, new Color(0, 0, 0, 0));

        ImagesResponse response = openai.images().edit(ImageEditParams.builder()
                .model("openai/gpt-image-1.5")
                .image(input)
                .mask(mask)
                .prompt("add a red scarf")
                .size(ImageEditParams.Size._1024X1024)
                .build());

        byte[] edited = Base64.getDecoder().decode(response.data().orElseThrow().get(0).b64Json().orElseThrow());
        assertThat(edited).startsWith(PNG_SIGNATURE);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(edited));
        assertThat(decoded.getWidth()).isEqualTo(1024);
    }

    @Test
    void modelListShowsTheCatalogWithOpenAiFields() {
        List<Model> models = openai.models().list().data();

        assertThat(models).extracting(Model::id).contains("dall-e-3", "openai/gpt-image-1.5", "flux-1.1-pro");
        Model dallE3 = models.stream().filter(m -> m.id().equals("dall-e-3")).findFirst().orElseThrow();
        assertThat(dallE3.ownedBy()).isEqualTo("openai");
        assertThat(dallE3._additionalProperties()).containsKeys("sizes", "max_n", "features", "price_per_image");
    }

    @Test
    void sizeTheModelDoesNotAllowIsABadRequestNamingSize() {
        BadRequestException error = catchThrowableOfType(BadRequestException.class, () ->
                openai.images().generate(ImageGenerateParams.builder()
                        .model(ImageModel.DALL_E_3)
                        .prompt("too big")
                        .size(ImageGenerateParams.Size.of("2048x2048"))
                        .build()));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.param()).hasValue("size");
        assertThat(error.code()).hasValue("invalid_size");
        assertThat(error.type()).hasValue("invalid_request_error");
    }

    @Test
    void unknownModelIsNotFound() {
        NotFoundException error = catchThrowableOfType(NotFoundException.class, () ->
                openai.images().generate(ImageGenerateParams.builder().model("dall-e-9").prompt("x").build()));

        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.code()).hasValue("model_not_found");
    }

    @Test
    void unknownKeyIsUnauthorized() {
        OpenAIClient stranger = client("iq_unknown_0123456789abcdefghij");

        UnauthorizedException error = catchThrowableOfType(UnauthorizedException.class, () ->
                stranger.images().generate(ImageGenerateParams.builder().model(ImageModel.DALL_E_3).prompt("x").build()));

        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(error.type()).hasValue("authentication_error");
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .apiKey(key)
                .baseUrl(stack.apiUrl() + "/v1")
                .maxRetries(0)
                .timeout(Duration.ofMinutes(2))
                .build();
    }

    private static byte[] download(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
