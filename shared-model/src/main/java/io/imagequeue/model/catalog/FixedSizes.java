package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A size rule that allows only listed {@code WxH} sizes (and, for some models, {@code auto}).
 *
 * @param sizes the allowed sizes in canonical {@code WxH} form; the first is the default
 * @param allowsAuto whether {@code size: "auto"} lets the provider pick
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FixedSizes(@JsonProperty(required = true) List<String> sizes, boolean allowsAuto)
        implements SizeRule {

    /** The size value that lets the provider choose. */
    public static final String AUTO = "auto";

    public FixedSizes {
        if (sizes == null || sizes.isEmpty()) {
            throw new IllegalArgumentException("a fixed size rule needs at least one size");
        }
        sizes = List.copyOf(sizes);
        var seen = new HashSet<String>();
        for (String size : sizes) {
            var parsed = Dimensions.parse(size);
            if (parsed.isEmpty() || !parsed.get().toString().equals(size)) {
                throw new IllegalArgumentException("size '" + size + "' is not in canonical WxH form");
            }
            if (!seen.add(size)) {
                throw new IllegalArgumentException("size '" + size + "' is listed twice");
            }
        }
    }

    /** The first listed size. */
    @Override
    public String defaultSize() {
        return sizes.get(0);
    }

    /** The listed sizes, then {@code auto} where allowed (as OpenAI lists them): what a request may name. */
    public List<String> advertisedSizes() {
        if (!allowsAuto) {
            return sizes;
        }
        var all = new ArrayList<>(sizes);
        all.add(AUTO);
        return List.copyOf(all);
    }

    @Override
    public List<String> priceSizes() {
        return advertisedSizes();
    }
}
