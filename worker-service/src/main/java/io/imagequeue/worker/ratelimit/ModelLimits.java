package io.imagequeue.worker.ratelimit;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.catalog.RateLimits;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The effective upstream limits of every model: the catalog's, overridden by configuration. */
public final class ModelLimits {

    private final Map<String, RateLimits> byModel;

    private ModelLimits(Map<String, RateLimits> byModel) {
        this.byModel = Map.copyOf(byModel);
    }

    /**
     * @param overrides {@code model=rpm/concurrency} pairs separated by commas; models by id or alias
     * @throws IllegalArgumentException naming the bad pair, so a misconfigured worker fails at start-up
     */
    public static ModelLimits of(ModelCatalog catalog, Optional<String> overrides) {
        Map<String, RateLimits> limits = new HashMap<>();
        for (ModelSpec model : catalog.models()) {
            limits.put(model.id(), model.limits());
        }
        for (String pair : overrides.orElse("").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.lastIndexOf('=');
            String[] numbers = equals < 0 ? new String[0] : pair.substring(equals + 1).trim().split("/");
            if (numbers.length != 2) {
                throw new IllegalArgumentException("imagequeue.rate-limit.overrides: '" + pair.trim()
                        + "' is not model=requestsPerMinute/maxConcurrent");
            }
            String model = pair.substring(0, equals).trim();
            ModelSpec spec = catalog.find(model).orElseThrow(() -> new IllegalArgumentException(
                    "imagequeue.rate-limit.overrides: unknown model '" + model + "'"));
            try {
                limits.put(spec.id(), new RateLimits(Integer.parseInt(numbers[0].trim()), Integer.parseInt(numbers[1].trim())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("imagequeue.rate-limit.overrides: '" + pair.trim()
                        + "' needs two positive whole numbers", e);
            }
        }
        return new ModelLimits(limits);
    }

    public RateLimits of(String model) {
        RateLimits limits = byModel.get(model);
        if (limits == null) {
            throw new IllegalArgumentException("no limits for model " + model);
        }
        return limits;
    }

    public Map<String, RateLimits> all() {
        return byModel;
    }
}
