package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of generation a model performs: from text alone, or from input images plus text. */
public enum Capability {
    TEXT_TO_IMAGE,
    IMAGE_TO_IMAGE;

    /** The lower-case name used in the catalog file ({@code text_to_image}, {@code image_to_image}). */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the catalog spelling.
     *
     * @throws IllegalArgumentException for an unknown value
     */
    @JsonCreator
    public static Capability fromWire(String value) {
        for (Capability capability : values()) {
            if (capability.wire().equals(value)) {
                return capability;
            }
        }
        throw new IllegalArgumentException("Unknown capability '" + value + "'; known: text_to_image, image_to_image");
    }
}
