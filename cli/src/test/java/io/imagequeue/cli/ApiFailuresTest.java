package io.imagequeue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiFailuresTest {

    private static final String URL = "http://127.0.0.1:8080";

    private static ApiResponse answer(int status, String body, Map<String, List<String>> headers) throws Exception {
        JsonNode json = body == null ? null : Json.MAPPER.readTree(body);
        return new ApiResponse("POST", "/v1/images/generations", status, HttpHeaders.of(headers, (a, b) -> true), json, body);
    }

    private static String sentence(int status, String type, String code, String message) throws Exception {
        return ApiFailures.sentence(answer(status, """
                {"error": {"message": "%s", "type": "%s", "code": "%s"}}""".formatted(message, type, code), Map.of()), URL);
    }

    @Test
    void aBadKeyNamesTheOptionAndTheVariable() throws Exception {
        assertThat(sentence(401, "authentication_error", "invalid_api_key", "Unknown key"))
                .isEqualTo("The server at http://127.0.0.1:8080 did not accept the API key: check --api-key or "
                        + "IMAGEQUEUE_API_KEY (deploy/local/up.sh writes the local one to .run/env).");
    }

    @Test
    void anUnknownModelPointsAtTheModelsCommand() throws Exception {
        assertThat(sentence(404, "not_found_error", "model_not_found", "Unknown model 'flux-9'"))
                .isEqualTo("Unknown model 'flux-9'. Run `imagequeue models` to list the models this server offers.");
    }

    @Test
    void missingCreditsSayHowToTopUpAndResume() throws Exception {
        assertThat(sentence(402, "insufficient_quota", "insufficient_quota", "The request needs 0.04 credits, 0.01 left."))
                .isEqualTo("Not enough credits: The request needs 0.04 credits, 0.01 left. Top up the tenant's credits "
                        + "(deploy/local/admin.sh), then run the same command again.");
    }

    @Test
    void aBadRequestKeepsTheServersSentenceThatNamesTheField() throws Exception {
        assertThat(sentence(400, "invalid_request_error", "invalid_size", "Invalid image size '63x63'"))
                .isEqualTo("Invalid image size '63x63'.");
    }

    @Test
    void aChangedLineUnderTheSameKeySaysWhatHappened() throws Exception {
        assertThat(sentence(409, "conflict_error", "idempotency_key_reused", "reused"))
                .startsWith("This line changed since it was first submitted");
    }

    @Test
    void aRateLimitGivesTheWait() throws Exception {
        ApiResponse limited = answer(429, """
                {"error": {"message": "Too many requests.", "type": "rate_limit_error", "code": "rate_limited"}}""",
                Map.of("Retry-After", List.of("7")));

        assertThat(ApiFailures.sentence(limited, URL)).isEqualTo("The server is rate limiting this key: Too many requests. Try again in 7 s.");
        assertThat(limited.retryAfterSeconds(1)).isEqualTo(7);
    }

    @Test
    void somethingThatIsNotImagequeueIsCalledOut() throws Exception {
        ApiResponse html = answer(404, null, Map.of());

        assertThat(ApiFailures.sentence(html, URL)).isEqualTo("The server at http://127.0.0.1:8080 answered HTTP 404 to POST "
                + "/v1/images/generations and does not look like imagequeue: check --url or IMAGEQUEUE_URL.");
    }

    @Test
    void theFailureIsAUsageExitWithTheRawAnswerForVerbose() throws Exception {
        CliException failure = ApiFailures.of(answer(401, "{\"error\": {\"message\": \"no\"}}", Map.of()), URL);

        assertThat(failure.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(failure.detail()).isEqualTo("HTTP 401 for POST /v1/images/generations: {\"error\": {\"message\": \"no\"}}");
    }
}
