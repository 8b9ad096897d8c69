package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The imagequeue HTTP API as the client uses it: JSON calls with the key, and image downloads. */
public class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

    private final Settings.Connection connection;
    private final HttpClient http;

    public ApiClient(Settings.Connection connection) {
        this.connection = connection;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public String baseUrl() {
        return connection.url();
    }

    public ApiResponse get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), Map.of());
    }

    public ApiResponse post(String path, JsonNode body, Map<String, String> headers) {
        String json = body == null ? "" : Json.compact(body);
        return send("POST", path, HttpRequest.BodyPublishers.ofString(json), headers);
    }

    /** GET that fails with the friendly sentence unless the answer is 2xx. */
    public JsonNode getOk(String path) {
        ApiResponse response = get(path);
        if (!response.ok()) {
            throw ApiFailures.of(response, baseUrl());
        }
        return response.body();
    }

    /** The bytes behind an image link (absolute, presigned: sent without the API key). */
    public byte[] download(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new CliException(ExitCodes.USAGE, "Downloading an image failed with HTTP " + response.statusCode()
                        + " (the link may have expired; run the same command again to fetch a fresh one).", url);
            }
            return response.body();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Could not download an image from " + hostOf(url) + ": " + describe(e) + ".",
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.USAGE, "Interrupted.");
        }
    }

    private ApiResponse send(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        URI uri;
        try {
            uri = URI.create(connection.url() + path);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("The server address '" + connection.url() + "' is not a valid URL: check --url or "
                    + Settings.URL_VARIABLE + ".");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + connection.apiKey())
                .header("Accept", "application/json")
                .header("User-Agent", "imagequeue-cli")
                .method(method, body);
        if (!"GET".equals(method)) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(method, path, response.statusCode(), response.headers(), parse(response.body()), response.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Could not reach imagequeue at " + connection.url() + " (" + describe(e)
                    + "): is the server running? Check --url or " + Settings.URL_VARIABLE + ".", e.toString());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("The server address '" + connection.url() + "' is not a valid URL: check --url or "
                    + Settings.URL_VARIABLE + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.USAGE, "Interrupted.");
        }
    }

    private static JsonNode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "the image link";
        }
    }
}
