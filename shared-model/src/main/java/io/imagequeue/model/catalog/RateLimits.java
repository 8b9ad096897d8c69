package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The default upstream limits for one model, shared by every worker replica together.
 *
 * <p>These are defaults: deployments override them by configuration because real limits depend on
 * the account tier.
 *
 * @param requestsPerMinute upstream calls started per minute across all workers; must be positive
 * @param maxConcurrent upstream calls in flight at once across all workers (BFL counts active
 *     tasks, Automatic1111 serialises on one lock, so 1); must be positive
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RateLimits(
        @JsonProperty(required = true) int requestsPerMinute,
        @JsonProperty(required = true) int maxConcurrent) {

    public RateLimits {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requests_per_minute must be at least 1, was " + requestsPerMinute);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("max_concurrent must be at least 1, was " + maxConcurrent);
        }
    }
}
