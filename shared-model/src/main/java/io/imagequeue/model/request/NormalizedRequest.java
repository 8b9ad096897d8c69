package io.imagequeue.model.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A validated generation request with every default filled in, as stored in the task row and read
 * by the worker's provider adapters.
 *
 * <p>It is serialised with snake-case names and without null fields; unknown properties are ignored
 * on reading so that rows written by an older or newer version stay readable.
 *
 * @param model the catalog's canonical id (never an alias or {@code auto})
 * @param prompt the prompt as given
 * @param n images to make, 1..the model's limit
 * @param width pixels across, when known (fixed and free sizes; null for {@code auto} and
 *     aspect-ratio models)
 * @param height pixels down, when known
 * @param size {@code WxH} when known, {@code auto} when the provider picks, null for aspect-ratio
 *     models
 * @param aspectRatio for aspect-ratio models the ratio to send upstream; otherwise the ratio the
 *     caller asked for, if any
 * @param imageSize the resolution tier of aspect-ratio models ({@code 1K}), else null
 * @param quality the requested or default quality; null when the model has none
 * @param style {@code vivid} or {@code natural}, or null
 * @param outputFormat {@code png}, {@code jpeg} or {@code webp}; {@code png} unless asked otherwise
 * @param outputCompression 0..100 for jpeg and webp, or null
 * @param background {@code transparent}, {@code opaque}, {@code auto}, or null
 * @param guidanceScale or null
 * @param numInferenceSteps or null
 * @param negativePrompt or null
 * @param seed or null for random
 * @param safetyTolerance 0..6, or null
 * @param cfgScale or null
 * @param inputFidelity {@code high} or {@code low}, or null
 * @param user the caller's end-user id, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NormalizedRequest(
        String model,
        String prompt,
        int n,
        Integer width,
        Integer height,
        String size,
        String aspectRatio,
        String imageSize,
        String quality,
        String style,
        String outputFormat,
        Integer outputCompression,
        String background,
        Double guidanceScale,
        Integer numInferenceSteps,
        String negativePrompt,
        Long seed,
        Integer safetyTolerance,
        Double cfgScale,
        String inputFidelity,
        String user) {

    /**
     * The size part to look prices up by: the {@code WxH} size (or {@code auto}) when there is one,
     * else the resolution tier of an aspect-ratio model. Use with
     * {@code spec.pricePerImage(request.pricingSize(), request.quality())}.
     */
    @JsonIgnore
    public String pricingSize() {
        return size != null ? size : imageSize;
    }
}
