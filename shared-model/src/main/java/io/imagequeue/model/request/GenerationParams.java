package io.imagequeue.model.request;

/**
 * The generation parameters of any endpoint's request body, before validation: what every HTTP
 * resource maps its body to and hands to {@link RequestValidator}.
 *
 * <p>Every field is nullable (absent from the request) except the two input-image facts. The /v2
 * endpoints map onto the same names: flux {@code width}/{@code height}/{@code safety_tolerance},
 * gemini {@code aspect_ratio}/{@code image_size}, txt2img {@code steps} to
 * {@code numInferenceSteps} and {@code cfg_scale}, qwen {@code size} as {@code WxH}.
 *
 * @param prompt the text to draw; required
 * @param n images wanted, 1..10; null means 1
 * @param size {@code WxH} (also {@code W*H}), {@code auto}, or null for the model's default
 * @param aspectRatio {@code W:H}; takes precedence over {@code size}, {@code width} and {@code height}
 * @param width pixels across, for free-size models (flux and txt2img {@code width})
 * @param height pixels down, for free-size models
 * @param quality {@code standard}, {@code hd}, {@code low}, {@code medium}, {@code high} or {@code auto}, as the model allows
 * @param style {@code vivid} or {@code natural}
 * @param responseFormat {@code url} or {@code b64_json}; validated but not normalised, since each endpoint has its own default
 * @param outputFormat {@code png}, {@code jpeg} (or {@code jpg}) or {@code webp}
 * @param outputCompression 0..100, with jpeg or webp
 * @param background {@code transparent}, {@code opaque} or {@code auto}
 * @param guidanceScale prompt adherence for diffusion models
 * @param numInferenceSteps denoising steps (txt2img {@code steps})
 * @param negativePrompt what to avoid
 * @param seed for reproducible output; -1 means random, as in Automatic1111
 * @param user the caller's end-user id, passed on for abuse monitoring
 * @param safetyTolerance BFL moderation level, 0 (strictest) to 6
 * @param imageSize Gemini resolution tier: {@code 1K}, {@code 2K} or {@code 4K}
 * @param cfgScale classifier-free guidance for Stable Diffusion checkpoints
 * @param inputFidelity {@code high} or {@code low}: how closely an edit keeps the input's features
 * @param inputImageCount how many input images the request carries (edits, reference images); 0 for text to image
 * @param hasMask whether the request carries a mask
 */
public record GenerationParams(
        String prompt,
        Integer n,
        String size,
        String aspectRatio,
        Integer width,
        Integer height,
        String quality,
        String style,
        String responseFormat,
        String outputFormat,
        Integer outputCompression,
        String background,
        Double guidanceScale,
        Integer numInferenceSteps,
        String negativePrompt,
        Long seed,
        String user,
        Integer safetyTolerance,
        String imageSize,
        Double cfgScale,
        String inputFidelity,
        int inputImageCount,
        boolean hasMask) {

    /** A builder with every field absent. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these parameters, for deriving a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.prompt = prompt;
        b.n = n;
        b.size = size;
        b.aspectRatio = aspectRatio;
        b.width = width;
        b.height = height;
        b.quality = quality;
        b.style = style;
        b.responseFormat = responseFormat;
        b.outputFormat = outputFormat;
        b.outputCompression = outputCompression;
        b.background = background;
        b.guidanceScale = guidanceScale;
        b.numInferenceSteps = numInferenceSteps;
        b.negativePrompt = negativePrompt;
        b.seed = seed;
        b.user = user;
        b.safetyTolerance = safetyTolerance;
        b.imageSize = imageSize;
        b.cfgScale = cfgScale;
        b.inputFidelity = inputFidelity;
        b.inputImageCount = inputImageCount;
        b.hasMask = hasMask;
        return b;
    }

    /** Fluent construction of {@link GenerationParams}; unset fields stay null (0 / false for the primitives). */
    public static final class Builder {
        private String prompt;
        private Integer n;
        private String size;
        private String aspectRatio;
        private Integer width;
        private Integer height;
        private String quality;
        private String style;
        private String responseFormat;
        private String outputFormat;
        private Integer outputCompression;
        private String background;
        private Double guidanceScale;
        private Integer numInferenceSteps;
        private String negativePrompt;
        private Long seed;
        private String user;
        private Integer safetyTolerance;
        private String imageSize;
        private Double cfgScale;
        private String inputFidelity;
        private int inputImageCount;
        private boolean hasMask;

        private Builder() {
        }

        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder n(Integer n) {
            this.n = n;
            return this;
        }

        public Builder size(String size) {
            this.size = size;
            return this;
        }

        public Builder aspectRatio(String aspectRatio) {
            this.aspectRatio = aspectRatio;
            return this;
        }

        public Builder width(Integer width) {
            this.width = width;
            return this;
        }

        public Builder height(Integer height) {
            this.height = height;
            return this;
        }

        public Builder quality(String quality) {
            this.quality = quality;
            return this;
        }

        public Builder style(String style) {
            this.style = style;
            return this;
        }

        public Builder responseFormat(String responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        public Builder outputFormat(String outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        public Builder outputCompression(Integer outputCompression) {
            this.outputCompression = outputCompression;
            return this;
        }

        public Builder background(String background) {
            this.background = background;
            return this;
        }

        public Builder guidanceScale(Double guidanceScale) {
            this.guidanceScale = guidanceScale;
            return this;
        }

        public Builder numInferenceSteps(Integer numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        public Builder negativePrompt(String negativePrompt) {
            this.negativePrompt = negativePrompt;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder safetyTolerance(Integer safetyTolerance) {
            this.safetyTolerance = safetyTolerance;
            return this;
        }

        public Builder imageSize(String imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        public Builder cfgScale(Double cfgScale) {
            this.cfgScale = cfgScale;
            return this;
        }

        public Builder inputFidelity(String inputFidelity) {
            this.inputFidelity = inputFidelity;
            return this;
        }

        public Builder inputImageCount(int inputImageCount) {
            this.inputImageCount = inputImageCount;
            return this;
        }

        public Builder hasMask(boolean hasMask) {
            this.hasMask = hasMask;
            return this;
        }

        public GenerationParams build() {
            return new GenerationParams(prompt, n, size, aspectRatio, width, height, quality, style, responseFormat, outputFormat, outputCompression, background, guidanceScale, numInferenceSteps, negativePrompt, seed, user, safetyTolerance, imageSize, cfgScale, inputFidelity, inputImageCount, hasMask);
        }
    }
}
