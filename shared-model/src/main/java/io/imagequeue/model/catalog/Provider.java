package io.imagequeue.model.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** An upstream image provider, as named in the catalog file and on {@code /v1/models}. */
public enum Provider {
    OPENAI("openai", "openai"),
    BFL("bfl", "black-forest-labs"),
    GEMINI("gemini", "google"),
    DASHSCOPE("dashscope", "alibaba"),
    STABILITY("stability", "stability-ai"),
    IDEOGRAM("ideogram", "ideogram"),
    AUTOMATIC1111("automatic1111", "automatic1111");

    private final String key;
    private final String ownedBy;

    Provider(String key, String ownedBy) {
        this.key = key;
        this.ownedBy = ownedBy;
    }

    /** The short name used in the catalog file, configuration keys and worker sub-packages. */
    @JsonValue
    public String key() {
        return key;
    }

    /** The organisation shown as {@code owned_by} on {@code /v1/models}. */
    public String ownedBy() {
        return ownedBy;
    }

    /**
     * Looks a provider up by its {@link #key()}.
     *
     * @throws IllegalArgumentException for an unknown key, naming the known ones
     */
    @JsonCreator
    public static Provider fromKey(String key) {
        for (Provider provider : values()) {
            if (provider.key.equals(key)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("Unknown provider '" + key + "'; known providers: "
                + String.join(", ", Arrays.stream(values()).map(Provider::key).toList()));
    }
}
