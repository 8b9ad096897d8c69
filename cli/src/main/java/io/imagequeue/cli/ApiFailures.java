package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns an error answer of the server into one sentence that names the problem and what to do. */
public final class ApiFailures {

    private ApiFailures() {
    }

    public static CliException of(ApiResponse response, String baseUrl) {
        String detail = "HTTP " + response.status() + " for " + response.method() + " " + response.path()
                + (response.raw() == null || response.raw().isBlank() ? "" : ": " + response.raw());
        return new CliException(ExitCodes.USAGE, sentence(response, baseUrl), detail);
    }

    /** The one sentence, also used for a failed line of a run. */
    public static String sentence(ApiResponse response, String baseUrl) {
        JsonNode error = response.error();
        if (error == null) {
            return "The server at " + baseUrl + " answered HTTP " + response.status() + " to " + response.method() + " "
                    + response.path() + " and does not look like imagequeue: check --url or " + Settings.URL_VARIABLE + ".";
        }
        String message = withStop(Json.text(error, "message"));
        String code = Json.text(error, "code");
        return switch (response.status()) {
            case 401 -> "The server at " + baseUrl + " did not accept the API key: check --api-key or "
                    + Settings.KEY_VARIABLE + " (deploy/local/up.sh writes the local one to .run/env).";
            case 402 -> "Not enough credits: " + message + " Top up the tenant's credits (deploy/local/admin.sh), "
                    + "then run the same command again.";
            case 403 -> message + " Use a key that is allowed this model, or ask the administrator.";
            case 404 -> "model_not_found".equals(code)
                    ? message + " Run `imagequeue models` to list the models this server offers."
                    : message;
            case 409 -> "idempotency_key_reused".equals(code)
                    ? "This line changed since it was first submitted (same custom_id, different request): "
                            + "use a new --out folder or restore the line."
                    : message;
            case 429 -> "The server is rate limiting this key: " + message + " Try again in "
                    + response.retryAfterSeconds(1) + " s.";
            default -> response.status() >= 500
                    ? "The server failed (HTTP " + response.status() + "): " + message + " Try again later."
                    : message;
        };
    }

    private static String withStop(String message) {
        if (message == null || message.isBlank()) {
            return "(no message).";
        }
        String trimmed = message.trim();
        return trimmed.endsWith(".") || trimmed.endsWith("!") || trimmed.endsWith("?") ? trimmed : trimmed + ".";
    }
}
