package io.imagequeue.simulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.http.Json;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live configuration: global {@link Behaviour} plus per-provider and per-model overrides, and the settings
 * that only exist globally (result URL lifetime, BFL's transient "Task not found" polls). Changed at runtime by
 * {@code POST /_sim/config} or by library callers; {@link #reset()} returns to the startup state.
 */
public final class RuntimeSettings {

    private static final Set<String> BEHAVIOUR_KEYS = Set.of("latency_ms", "latency_jitter_ms", "error_rate",
            "rate_limit_per_minute", "max_concurrent", "lockout_seconds", "api_key");

    private final Behaviour startupGlobal;
    private final Map<String, Behaviour> startupProviders;
    private final Map<String, Behaviour> startupModels;
    private final int startupResultTtlSeconds;
    private final int startupBflNotFoundPolls;

    private volatile Behaviour global;
    private final ConcurrentHashMap<String, Behaviour> providers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Behaviour> models = new ConcurrentHashMap<>();
    private volatile int resultTtlSeconds;
    private volatile int bflNotFoundPolls;

    public RuntimeSettings(Behaviour global, Map<String, Behaviour> providers, Map<String, Behaviour> models,
                           int resultTtlSeconds, int bflNotFoundPolls) {
        this.startupGlobal = global;
        this.startupProviders = Map.copyOf(providers);
        this.startupModels = Map.copyOf(models);
        this.startupResultTtlSeconds = resultTtlSeconds;
        this.startupBflNotFoundPolls = bflNotFoundPolls;
        reset();
    }

    public synchronized void reset() {
        global = startupGlobal;
        providers.clear();
        providers.putAll(startupProviders);
        models.clear();
        models.putAll(startupModels);
        resultTtlSeconds = startupResultTtlSeconds;
        bflNotFoundPolls = startupBflNotFoundPolls;
    }

    /** Global ⊕ provider ⊕ model: what a call for this model experiences. */
    public Behaviour effective(String provider, String model) {
        return providerLevel(provider).overlay(model == null ? null : models.get(modelKey(provider, model)));
    }

    /** Global ⊕ provider: the account-wide limits (BFL counts active tasks per account, not per model). */
    public Behaviour providerLevel(String provider) {
        return global.overlay(providers.get(provider));
    }

    /** Only what is set for the model itself; limits set here apply to that model in addition to the account's. */
    public Behaviour modelOverride(String provider, String model) {
        Behaviour override = model == null ? null : models.get(modelKey(provider, model));
        return override == null ? Behaviour.UNSET : override;
    }

    public int resultTtlSeconds() {
        return resultTtlSeconds;
    }

    public int bflNotFoundPolls() {
        return bflNotFoundPolls;
    }

    public synchronized void setGlobal(Behaviour changes) {
        global = global.overlay(changes);
    }

    public synchronized void setProvider(String provider, Behaviour changes) {
        providers.merge(provider, changes, Behaviour::overlay);
    }

    public synchronized void setModel(String provider, String model, Behaviour changes) {
        models.merge(modelKey(provider, model), changes, Behaviour::overlay);
    }

    public void setResultTtlSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("result_ttl_seconds must be >= 0");
        }
        resultTtlSeconds = seconds;
    }

    public void setBflNotFoundPolls(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("bfl_not_found_polls must be >= 0");
        }
        bflNotFoundPolls = polls;
    }

    /**
     * Applies a {@code POST /_sim/config} body. Flat form: settings at the top level, scoped by optional
     * {@code provider} and {@code model} keys. Nested form: {@code "providers": {"bfl": {…, "models": {"flux-dev": {…}}}}}.
     * A JSON null clears an override at that scope (at global scope it restores the startup value).
     */
    public synchronized void apply(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new IllegalArgumentException("config must be a JSON object");
        }
        String provider = textOrNull(patch.get("provider"));
        String model = textOrNull(patch.get("model"));
        if (model != null && provider == null) {
            throw new IllegalArgumentException("'model' needs 'provider' as well");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = normalise(field.getKey());
            switch (key) {
                case "provider", "model" -> { }
                case "providers" -> applyNested(field.getValue());
                case "result_ttl_seconds" -> setResultTtlSeconds(field.getValue().isNull()
                        ? startupResultTtlSeconds : requireInt(key, field.getValue()));
                case "bfl_not_found_polls" -> setBflNotFoundPolls(field.getValue().isNull()
                        ? startupBflNotFoundPolls : requireInt(key, field.getValue()));
                default -> {
                    if (!BEHAVIOUR_KEYS.contains(key)) {
                        throw new IllegalArgumentException("unknown config key '" + field.getKey() + "'");
                    }
                }
            }
        }
        applyBehaviour(provider, model, patch);
    }

    private void applyNested(JsonNode providersNode) {
        if (!providersNode.isObject()) {
            throw new IllegalArgumentException("'providers' must be an object keyed by provider id");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = providersNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String provider = entry.getKey();
            JsonNode node = entry.getValue();
            checkOnlyBehaviourKeys(node, Set.of("models"));
            applyBehaviour(provider, null, node);
            JsonNode modelsNode = node.get("models");
            if (modelsNode != null) {
                for (Iterator<Map.Entry<String, JsonNode>> m = modelsNode.fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> modelEntry = m.next();
                    checkOnlyBehaviourKeys(modelEntry.getValue(), Set.of());
                    applyBehaviour(provider, modelEntry.getKey(), modelEntry.getValue());
                }
            }
        }
    }

    private void checkOnlyBehaviourKeys(JsonNode node, Set<String> alsoAllowed) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("provider and model settings must be JSON objects");
        }
        node.fieldNames().forEachRemaining(name -> {
            String key = normalise(name);
            if (!BEHAVIOUR_KEYS.contains(key) && !alsoAllowed.contains(key)) {
                throw new IllegalArgumentException("unknown or global-only config key '" + name + "' in a provider scope");
            }
        });
    }

    private void applyBehaviour(String provider, String model, JsonNode node) {
        Behaviour current = provider == null ? global
                : model == null ? providers.getOrDefault(provider, Behaviour.UNSET)
                : models.getOrDefault(modelKey(provider, model), Behaviour.UNSET);
        Behaviour fallback = provider == null ? startupGlobal : Behaviour.UNSET;
        Behaviour updated = current;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = normalise(field.getKey());
            JsonNode value = field.getValue();
            boolean clear = value.isNull();
            updated = switch (key) {
                case "latency_ms" -> updated.withLatencyMs(clear ? fallback.latencyMs() : requireLong(key, value));
                case "latency_jitter_ms" -> updated.withLatencyJitterMs(clear ? fallback.latencyJitterMs() : requireLong(key, value));
                case "error_rate" -> updated.withErrorRate(clear ? fallback.errorRate() : requireRate(key, value));
                case "rate_limit_per_minute" -> updated.withRateLimitPerMinute(clear ? fallback.rateLimitPerMinute() : requireInt(key, value));
                case "max_concurrent" -> updated.withMaxConcurrent(clear ? fallback.maxConcurrent() : requireInt(key, value));
                case "lockout_seconds" -> updated.withLockoutSeconds(clear ? fallback.lockoutSeconds() : requireInt(key, value));
                case "api_key" -> updated.withApiKey(clear ? fallback.apiKey() : value.asText());
                default -> updated;
            };
        }
        if (provider == null) {
            global = updated;
        } else if (model == null) {
            providers.put(provider, updated);
        } else {
            models.put(modelKey(provider, model), updated);
        }
    }

    /** The whole configuration, as answered by {@code GET /_sim/config}. */
    public Map<String, Object> toJson() {
        Map<String, Map<String, Object>> byProvider = new TreeMap<>();
        providers.forEach((provider, behaviour) ->
                byProvider.computeIfAbsent(provider, p -> Json.obj()).putAll(behaviour.toJson()));
        models.forEach((key, behaviour) -> {
            String[] parts = key.split("/", 2);
            Map<String, Object> providerJson = byProvider.computeIfAbsent(parts[0], p -> Json.obj());
            @SuppressWarnings("unchecked")
            Map<String, Object> modelsJson =
                    (Map<String, Object>) providerJson.computeIfAbsent("models", k -> new TreeMap<String, Object>());
            modelsJson.put(parts[1], behaviour.toJson());
        });
        Map<String, Object> json = Json.obj();
        json.putAll(global.toJson());
        json.put("result_ttl_seconds", resultTtlSeconds);
        json.put("bfl_not_found_polls", bflNotFoundPolls);
        json.put("providers", byProvider);
        return json;
    }

    private static String modelKey(String provider, String model) {
        return provider + "/" + model;
    }

    private static String normalise(String key) {
        return key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Long requireLong(String key, JsonNode value) {
        if (!value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException(key + " must be a non-negative integer");
        }
        return value.asLong();
    }

    private static Integer requireInt(String key, JsonNode value) {
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw new IllegalArgumentException(key + " must be a non-negative integer");
        }
        return value.asInt();
    }

    private static Double requireRate(String key, JsonNode value) {
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
            throw new IllegalArgumentException(key + " must be a number between 0 and 1");
        }
        return value.asDouble();
    }
}
