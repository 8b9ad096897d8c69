package io.imagequeue.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagequeue.testinfra.InfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The server's absolute body cap is as large as a batch input file, but only {@code POST /v1/files}
 * may send that much: every other endpoint keeps its own limit, also for a chunked body, which
 * declares no length and can only be counted as it arrives.
 */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class BodySizeFilterTest {

    private static final String KEY = "iq_test_0123456789abcdefghij";
    private static final int TWO_MEGABYTES = 2 * 1024 * 1024;

    @TestHTTPResource("/")
    URI root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aChunkedBodyOverTheTextEndpointLimitIsRefused() throws Exception {
        String body = "{\"prompt\": \"" + "a".repeat(TWO_MEGABYTES) + "\"}";

        HttpResponse<String> response = postChunked("v1/images/generations", "application/json",
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aChunkedBodyUnderTheTextEndpointLimitIsRead() throws Exception {
        HttpResponse<String> response = postChunked("v1/images/generations", "application/json",
                "{\"prompt\": \"a cat\", \"colour\": \"red\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("colour");
    }

    @Test
    void aChunkedBatchInputFileOverTheTextEndpointLimitIsStillTakenByTheFilesEndpoint() throws Exception {
        StringBuilder lines = new StringBuilder();
        while (lines.length() < TWO_MEGABYTES) {
            lines.append("{\"custom_id\": \"line-").append(lines.length())
                    .append("\", \"method\": \"POST\", \"url\": \"/v1/images/generations\", \"body\": {\"prompt\": \"a cat\"}}\n");
        }
        String boundary = "imagequeue-test-boundary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + lines + "\r\n--" + boundary + "--\r\n";

        HttpResponse<String> response = postChunked("v1/files", "multipart/form-data; boundary=" + boundary,
                form.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"bytes\":" + lines.length());
    }

    /** A body of unknown length: the JDK client sends it chunked, without Content-Length. */
    private HttpResponse<String> postChunked(String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(root.resolve(path))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
