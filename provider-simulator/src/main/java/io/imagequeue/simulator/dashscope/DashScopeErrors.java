package io.imagequeue.simulator.dashscope;

import io.imagequeue.simulator.core.Refusal;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.SimResponse;

import java.util.UUID;

/** DashScope's non-200 body: {@code {"request_id", "code", "message"}}. No rate-limit headers are documented. */
final class DashScopeErrors {

    private DashScopeErrors() {
    }

    static SimResponse error(int status, String code, String message) {
        return SimResponse.json(status, Json.obj("request_id", requestId(), "code", code, "message", message));
    }

    static SimResponse invalidParameter(String message) {
        return error(400, "InvalidParameter", message);
    }

    static SimResponse dataInspectionFailed(String which) {
        return error(400, "DataInspectionFailed", which + " data may contain inappropriate content.");
    }

    static SimResponse refusal(Refusal refusal) {
        return switch (refusal.kind()) {
            case HANG -> SimResponse.hangForever();
            case INSUFFICIENT_CREDITS -> error(400, "Arrearage",
                    "Access denied, please make sure your account is in good standing.");
            case INTERNAL_ERROR -> error(500, "InternalError",
                    "An internal error has occured, please try again later or contact service support.");
            case UNAVAILABLE -> error(503, "ServiceUnavailable", "The service is temporarily unavailable, please retry later.");
            case RATE_LIMITED -> error(429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
            case TOO_MANY_CONCURRENT -> error(429, "Throttling", "Requests throttling triggered.");
        };
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }
}
