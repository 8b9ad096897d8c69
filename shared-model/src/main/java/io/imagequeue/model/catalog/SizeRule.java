package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * How a model lets callers choose the output size: a fixed list, free pixel dimensions, or aspect
 * ratios with size tiers.
 *
 * <p>In the catalog file the variant is named by {@code "type"}: {@code fixed}, {@code free} or
 * {@code aspect_ratio}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FixedSizes.class, name = "fixed"),
    @JsonSubTypes.Type(value = FreeDimensions.class, name = "free"),
    @JsonSubTypes.Type(value = AspectRatios.class, name = "aspect_ratio")
})
public sealed interface SizeRule permits FixedSizes, FreeDimensions, AspectRatios {

    /** What a request without {@code size} or {@code aspect_ratio} gets: a {@code WxH} size or, for aspect-ratio models, a ratio. */
    String defaultSize();

    /** The {@code <size>} values a price key may use besides {@code *}. */
    List<String> priceSizes();
}
