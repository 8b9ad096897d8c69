package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.imagequeue.model.request.NormalizedRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of the model catalog: what a model is called, who serves it, what it accepts, what it
 * costs and how hard the upstream may be driven.
 *
 * <p>Instances are immutable and check their own consistency on construction, so a catalog that
 * loads is one every service can trust.
 *
 * @param id the canonical id, the one a task reports
 * @param aliases other names that resolve to this model (case-sensitive, like the id)
 * @param provider who serves it
 * @param upstreamModel the name the provider uses: an OpenAI or Gemini model id, a BFL endpoint name
 *     ({@code flux-pro-1.1}), a Stability engine, an Ideogram model ({@code V_2}) or an Automatic1111
 *     checkpoint file
 * @param sizeRule how the output size is chosen
 * @param maxN the most images one request may ask for (1..10)
 * @param supportedParams the optional request parameters ({@link ParamNames#OPTIONAL}) this model
 *     accepts; any other optional parameter in a request is a 400
 * @param features tags for {@code /v1/models}, e.g. {@code hd}, {@code prompt_revision},
 *     {@code mask}, {@code edit}, {@code reference_images}. {@code mask} also permits a mask input.
 * @param capabilities text-to-image, image-to-image, or both
 * @param limits the default upstream rate and concurrency limits
 * @param prices price per image in US dollars, keyed {@code <size>/<quality>}, where either part may
 *     be {@code *}; for aspect-ratio models the size part is the resolution tier ({@code 4K}). Empty
 *     exactly when the model is priced by {@code megapixelPrices}
 * @param defaultQuality the quality a request without one gets; null when the model has no quality
 *     setting
 * @param maxPromptLength the longest prompt in characters (Unicode code points)
 * @param paramValues narrower allowed values for enumerated parameters than the contract's
 *     ({@link ParamNames#CONTRACT_VALUES}), e.g. {@code quality: [standard, hd]} for dall-e-3
 * @param maxInputImages how many input images an edit may carry; positive exactly when the model can
 *     do image-to-image
 * @param megapixelPrices the price by output megapixels (FLUX.2), instead of {@code prices}; only
 *     for free dimensions, whose size every request names; null for per-image pricing
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelSpec(
        @JsonProperty(required = true) String id,
        List<String> aliases,
        @JsonProperty(required = true) Provider provider,
        @JsonProperty(required = true) String upstreamModel,
        @JsonProperty(required = true) SizeRule sizeRule,
        @JsonProperty(required = true) int maxN,
        Set<String> supportedParams,
        List<String> features,
        @JsonProperty(required = true) Set<Capability> capabilities,
        @JsonProperty(required = true) RateLimits limits,
        Map<String, BigDecimal> prices,
        String defaultQuality,
        @JsonProperty(required = true) int maxPromptLength,
        Map<String, List<String>> paramValues,
        int maxInputImages,
        MegapixelPrices megapixelPrices) {

    /** Every model's Kafka topic starts with this. */
    public static final String TOPIC_PREFIX = "imagequeue.tasks.";

    /** The model name that means "the catalog's default". */
    public static final String AUTO = "auto";

    /** The contract's upper bound on {@code n} for any model. */
    public static final int MAX_N = 10;

    /** The wildcard in price keys. */
    public static final String ANY = "*";

    public ModelSpec {
        if (id == null || id.isBlank() || !id.strip().equals(id)) {
            throw new IllegalArgumentException("a model needs an id without surrounding blanks, was '" + id + "'");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        var names = new HashSet<String>();
        names.add(id);
        for (String alias : aliases) {
            if (alias == null || alias.isBlank() || !alias.strip().equals(alias)) {
                throw invalid(id, "alias '" + alias + "' is blank or has surrounding blanks");
            }
            if (!names.add(alias)) {
                throw invalid(id, "alias '" + alias + "' repeats the id or another alias");
            }
        }
        if (names.contains(AUTO)) {
            throw invalid(id, "'auto' is reserved for the default model and cannot name a model");
        }
        if (provider == null) {
            throw invalid(id, "provider is missing");
        }
        if (upstreamModel == null || upstreamModel.isBlank()) {
            throw invalid(id, "upstream_model is missing");
        }
        if (sizeRule == null) {
            throw invalid(id, "size_rule is missing");
        }
        if (maxN < 1 || maxN > MAX_N) {
            throw invalid(id, "max_n must be between 1 and " + MAX_N + ", was " + maxN);
        }
        // Sorted so that /v1/models and error messages are stable from one run to the next.
        supportedParams = supportedParams == null
                ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(supportedParams));
        for (String param : supportedParams) {
            if (!ParamNames.OPTIONAL.contains(param)) {
                throw invalid(id, "supported_params names '" + param + "', which is not an optional parameter; known: "
                        + new TreeSet<>(ParamNames.OPTIONAL));
            }
        }
        if (supportedParams.contains(ParamNames.IMAGE_SIZE) && !(sizeRule instanceof AspectRatios)) {
            throw invalid(id, "image_size is only meaningful with an aspect_ratio size rule");
        }
        features = features == null ? List.of() : List.copyOf(features);
        if (capabilities == null || capabilities.isEmpty()) {
            throw invalid(id, "capabilities must name text_to_image, image_to_image or both");
        }
        capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        if (limits == null) {
            throw invalid(id, "limits are missing");
        }
        if (maxPromptLength < 1) {
            throw invalid(id, "max_prompt_length must be at least 1, was " + maxPromptLength);
        }
        if (maxInputImages < 0) {
            throw invalid(id, "max_input_images must not be negative, was " + maxInputImages);
        }
        if (capabilities.contains(Capability.IMAGE_TO_IMAGE) != (maxInputImages > 0)) {
            throw invalid(id, "max_input_images must be positive exactly when the model has image_to_image");
        }
        if (features.contains("mask") && !capabilities.contains(Capability.IMAGE_TO_IMAGE)) {
            throw invalid(id, "the mask feature needs the image_to_image capability");
        }
        paramValues = copyParamValues(id, paramValues, supportedParams);
        if (defaultQuality != null) {
            List<String> qualities = paramValues.getOrDefault(
                    ParamNames.QUALITY, ParamNames.CONTRACT_VALUES.get(ParamNames.QUALITY));
            if (!supportedParams.contains(ParamNames.QUALITY) || !qualities.contains(defaultQuality)) {
                throw invalid(id, "default_quality '" + defaultQuality + "' is not a quality the model supports");
            }
        }
        if (megapixelPrices != null) {
            if (!(sizeRule instanceof FreeDimensions)) {
                throw invalid(id, "megapixel_prices need a free size rule, so that every request has a size");
            }
            if (prices != null && !prices.isEmpty()) {
                throw invalid(id, "prices and megapixel_prices exclude each other");
            }
            prices = Map.of();
        } else {
            prices = copyPrices(id, prices, sizeRule, supportedParams, paramValues);
        }
    }

    /** Whether the name is this model's id or one of its aliases (case-sensitive). */
    public boolean matches(String idOrAlias) {
        // Null-safe by hand: immutable lists throw on contains(null).
        return idOrAlias != null && (id.equals(idOrAlias) || aliases.contains(idOrAlias));
    }

    /** Whether requests may carry the optional parameter (a {@link ParamNames} name). */
    public boolean supports(String param) {
        return supportedParams.contains(param);
    }

    /** Whether the model can do the given kind of generation. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /**
     * The values this model allows for an enumerated parameter: its own narrower list, else the
     * contract's; for {@code image_size} the tiers of its {@link AspectRatios} rule. Empty when the
     * model does not support the parameter or it is not enumerated.
     */
    public List<String> allowedValues(String param) {
        if (!supports(param)) {
            return List.of();
        }
        if (ParamNames.IMAGE_SIZE.equals(param) && sizeRule instanceof AspectRatios ratios) {
            return ratios.imageSizes();
        }
        return paramValues.getOrDefault(param, ParamNames.CONTRACT_VALUES.getOrDefault(param, List.of()));
    }

    /**
     * The price of one image of a validated text-to-image request: by its megapixels where the model
     * is priced so, else by {@link #pricePerImage(String, String)}.
     */
    public Optional<BigDecimal> pricePerImage(NormalizedRequest request) {
        return pricePerImage(request, List.of());
    }

    /**
     * The price of one image of a validated request with these input images: a model priced by
     * megapixels charges theirs too; the others price by size and quality alone.
     */
    public Optional<BigDecimal> pricePerImage(NormalizedRequest request, List<Dimensions> inputImages) {
        if (megapixelPrices != null) {
            return request.width() == null || request.height() == null ? Optional.empty()
                    : Optional.of(megapixelPrices.priceFor(new Dimensions(request.width(), request.height()), inputImages));
        }
        return pricePerImage(request.pricingSize(), request.quality());
    }

    /**
     * The price of one image, trying {@code size/quality}, {@code size/*}, {@code *}{@code /quality}
     * and {@code *}{@code /*} in that order. A null quality means the model's default quality; a null
     * size matches only the wildcard.
     */
    public Optional<BigDecimal> pricePerImage(String size, String quality) {
        String q = quality != null ? quality : defaultQuality;
        var keys = new ArrayList<String>(4);
        if (size != null && q != null) {
            keys.add(size + "/" + q);
        }
        if (size != null) {
            keys.add(size + "/" + ANY);
        }
        if (q != null) {
            keys.add(ANY + "/" + q);
        }
        keys.add(ANY + "/" + ANY);
        for (String key : keys) {
            BigDecimal price = prices.get(key);
            if (price != null) {
                return Optional.of(price);
            }
        }
        return Optional.empty();
    }

    /**
     * This model's Kafka topic: {@value #TOPIC_PREFIX} plus the id lower-cased with every character
     * outside {@code [a-z0-9]} replaced by {@code -}, because Kafka topic names allow only
     * {@code [a-zA-Z0-9._-]} and ids carry {@code /}.
     */
    public String topic() {
        return TOPIC_PREFIX + slug(id);
    }

    /** The topic-safe form of a model id (see {@link #topic()}). */
    public static String slug(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        var slug = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            slug.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-');
        }
        return slug.toString();
    }

    private static Map<String, List<String>> copyParamValues(
            String id, Map<String, List<String>> paramValues, Set<String> supportedParams) {
        if (paramValues == null) {
            return Map.of();
        }
        var copy = new LinkedHashMap<String, List<String>>();
        for (var entry : paramValues.entrySet()) {
            String param = entry.getKey();
            List<String> contract = ParamNames.CONTRACT_VALUES.get(param);
            if (contract == null) {
                throw invalid(id, "param_values names '" + param + "', which is not an enumerated parameter; known: "
                        + ParamNames.CONTRACT_VALUES.keySet());
            }
            if (!supportedParams.contains(param)) {
                throw invalid(id, "param_values restricts '" + param + "', which is not in supported_params");
            }
            List<String> values = entry.getValue();
            if (values == null || values.isEmpty()) {
                throw invalid(id, "param_values for '" + param + "' is empty");
            }
            for (String value : values) {
                if (!contract.contains(value)) {
                    throw invalid(id, "param_values for '" + param + "' has '" + value
                            + "', which the contract does not allow; allowed: " + String.join(", ", contract));
                }
            }
            copy.put(param, List.copyOf(values));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, BigDecimal> copyPrices(
            String id,
            Map<String, BigDecimal> prices,
            SizeRule sizeRule,
            Set<String> supportedParams,
            Map<String, List<String>> paramValues) {
        if (prices == null || prices.isEmpty()) {
            throw invalid(id, "prices must not be empty");
        }
        boolean hasQuality = supportedParams.contains(ParamNames.QUALITY);
        List<String> qualities = hasQuality
                ? paramValues.getOrDefault(ParamNames.QUALITY, ParamNames.CONTRACT_VALUES.get(ParamNames.QUALITY))
                : List.of();
        List<String> sizes = sizeRule.priceSizes();
        var copy = new LinkedHashMap<String, BigDecimal>();
        for (var entry : prices.entrySet()) {
            String key = entry.getKey();
            String[] parts = key.split("/", -1);
            if (parts.length != 2
                    || !(parts[0].equals(ANY) || sizes.contains(parts[0]))
                    || !(parts[1].equals(ANY) || qualities.contains(parts[1]))) {
                throw invalid(id, "price key '" + key + "' is not <size>/<quality> with a size from "
                        + sizes + " or *, and a quality from " + qualities + " or *");
            }
            BigDecimal price = entry.getValue();
            if (price == null || price.signum() < 0) {
                throw invalid(id, "price '" + key + "' must be zero or more, was " + price);
            }
            copy.put(key, price);
        }
        var result = Collections.unmodifiableMap(copy);
        // Every request the validator can accept must have a price, or charging would fail after
        // the image was already made.
        List<String> sizeKeys = sizes.isEmpty() ? List.of(ANY) : sizes;
        List<String> qualityKeys = qualities.isEmpty() ? List.of(ANY) : qualities;
        for (String size : sizeKeys) {
            for (String quality : qualityKeys) {
                if (lookup(result, size, quality).isEmpty()) {
                    throw invalid(id, "no price for size '" + size + "' and quality '" + quality + "'");
                }
            }
        }
        return result;
    }

    private static Optional<BigDecimal> lookup(Map<String, BigDecimal> prices, String size, String quality) {
        for (String key : List.of(size + "/" + quality, size + "/" + ANY, ANY + "/" + quality, ANY + "/" + ANY)) {
            if (prices.containsKey(key)) {
                return Optional.of(prices.get(key));
            }
        }
        return Optional.empty();
    }

    private static IllegalArgumentException invalid(String id, String problem) {
        return new IllegalArgumentException("model '" + id + "': " + problem);
    }
}
