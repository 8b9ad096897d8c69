package io.imagequeue.simulator.openai;

import java.util.List;
import java.util.Optional;

/** The OpenAI image models at the PROVIDERS.md snapshot, with what each accepts. */
enum OpenAiModel {
    GPT_IMAGE_1("gpt-image-1"),
    GPT_IMAGE_1_MINI("gpt-image-1-mini"),
    GPT_IMAGE_1_5("gpt-image-1.5"),
    GPT_IMAGE_2("gpt-image-2"),
    GPT_IMAGE_2_SNAPSHOT("gpt-image-2-2026-04-21"),
    CHATGPT_IMAGE_LATEST("chatgpt-image-latest"),
    DALL_E_2("dall-e-2"),
    DALL_E_3("dall-e-3");

    static final List<String> GPT_IMAGE_SIZES = List.of("1024x1024", "1024x1536", "1536x1024", "auto");

    final String id;

    OpenAiModel(String id) {
        this.id = id;
    }

    static Optional<OpenAiModel> byId(String id) {
        for (OpenAiModel model : values()) {
            if (model.id.equals(id)) {
                return Optional.of(model);
            }
        }
        return Optional.empty();
    }

    static String supportedList() {
        StringBuilder text = new StringBuilder();
        OpenAiModel[] all = values();
        for (int i = 0; i < all.length; i++) {
            text.append(i == 0 ? "" : i == all.length - 1 ? ", and " : ", ").append('\'').append(all[i].id).append('\'');
        }
        return text.toString();
    }

    boolean isDallE() {
        return this == DALL_E_2 || this == DALL_E_3;
    }

    boolean isGptImage() {
        return !isDallE();
    }

    /** gpt-image-2 takes any WxH (multiples of 16, ratio 1:3..3:1, up to 3840x2160) besides the fixed sizes. */
    boolean acceptsFreeSize() {
        return this == GPT_IMAGE_2 || this == GPT_IMAGE_2_SNAPSHOT;
    }

    List<String> fixedSizes() {
        return switch (this) {
            case DALL_E_2 -> List.of("256x256", "512x512", "1024x1024");
            case DALL_E_3 -> List.of("1024x1024", "1792x1024", "1024x1792");
            default -> GPT_IMAGE_SIZES;
        };
    }

    int maxPromptLength() {
        return switch (this) {
            case DALL_E_2 -> 1000;
            case DALL_E_3 -> 4000;
            default -> 32000;
        };
    }

    int maxImages() {
        return this == DALL_E_3 ? 1 : 10;
    }
}
