package io.imagequeue.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.SimulatorContext;
import io.imagequeue.simulator.core.TrafficLimiter;
import io.imagequeue.simulator.delivery.ResultUrls;
import io.imagequeue.simulator.fault.FaultKind;
import io.imagequeue.simulator.fault.FaultPlan;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.MultipartForm;
import io.imagequeue.simulator.http.Router;
import io.imagequeue.simulator.http.SimRequest;
import io.imagequeue.simulator.http.SimResponse;
import io.imagequeue.simulator.render.ImageFormat;
import io.imagequeue.simulator.render.ImageProbe;
import io.imagequeue.simulator.render.RenderSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * OpenAI Images: {@code POST /v1/images/generations} (JSON), {@code /v1/images/edits} and
 * {@code /v1/images/variations} (multipart). Synchronous: the response carries the images, base64 for GPT-image
 * models, a simulator-served expiring URL or base64 for DALL·E. {@code stream: true} answers server-sent events.
 */
public final class OpenAiImagesProtocol implements Protocol {

    public static final String PROVIDER = "openai";
    static final ResultUrls.UrlStyle BLOB =
            new ResultUrls.UrlStyle(PROVIDER, "/openai-images", "se", "sig", "AuthenticationFailed");

    /** Which endpoint a request came through; they differ in defaults and allowed models. */
    private enum Operation {
        GENERATE, EDIT, VARIATION
    }

    /** A validated request. */
    private record ImageJob(OpenAiModel model, Operation operation, String prompt, int n, int width, int height,
                            ImageFormat format, boolean urlResponse, String quality, String background,
                            boolean stream, int partialImages, long seed) {
        String size() {
            return width + "x" + height;
        }
    }

    private final SimulatorContext context;

    public OpenAiImagesProtocol(SimulatorContext context) {
        this.context = context;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void register(Router router) {
        router.add("POST", "/v1/images/generations", PROVIDER, CallKind.GENERATE,
                request -> handle(request, Operation.GENERATE));
        router.add("POST", "/v1/images/edits", PROVIDER, CallKind.GENERATE, request -> handle(request, Operation.EDIT));
        router.add("POST", "/v1/images/variations", PROVIDER, CallKind.GENERATE,
                request -> handle(request, Operation.VARIATION));
        context.resultUrls().register(router, BLOB);
    }

    private SimResponse handle(SimRequest request, Operation operation) throws InterruptedException {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        long started = context.nowMs();
        SimResponse response = process(request, operation, requestId);
        return withStandardHeaders(response, requestId, context.nowMs() - started);
    }

    private SimResponse process(SimRequest request, Operation operation, String requestId) throws InterruptedException {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        ImageRequestFields fields;
        List<MultipartForm.Part> images = List.of();
        Optional<MultipartForm.Part> mask = Optional.empty();
        if (operation == Operation.GENERATE) {
            JsonNode body;
            try {
                body = Json.read(request.body());
            } catch (IOException e) {
                return OpenAiErrors.invalid("We could not parse the JSON body of your request. (HINT: This likely "
                        + "means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                        + "but what was sent was not valid JSON.)", null, null);
            }
            if (body == null || !body.isObject()) {
                return OpenAiErrors.invalid("The request body must be a JSON object.", null, null);
            }
            fields = ImageRequestFields.of(body);
        } else {
            if (!MultipartForm.isMultipart(request.contentType())) {
                return OpenAiErrors.invalid("Invalid Content-Type header (" + request.contentType() + "), expected "
                        + "multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: "
                        + "multipart/form-data')", null, null);
            }
            MultipartForm form;
            try {
                form = MultipartForm.parse(request.contentType(), request.body());
            } catch (IllegalArgumentException e) {
                return OpenAiErrors.invalid("Could not parse multipart form: " + e.getMessage(), null, null);
            }
            fields = ImageRequestFields.of(form);
            images = new ArrayList<>(form.all("image"));
            images.addAll(form.all("image[]"));
            mask = form.first("mask");
        }
        Object validated = validate(request, operation, fields, images, mask);
        if (validated instanceof SimResponse error) {
            request.recordFault("invalid-request");
            return error;
        }
        ImageJob job = (ImageJob) validated;
        FaultPlan plan = FaultPlan.parse(job.prompt(), request.header(FaultPlan.HEADER));
        return context.generateSync(request, PROVIDER, job.model().id, job.prompt(), plan,
                refusal -> OpenAiErrors.refusal(refusal, job.model().id), () -> produce(job, plan, requestId));
    }

    private SimResponse produce(ImageJob job, FaultPlan plan, String requestId) {
        if (plan.has(FaultKind.MODERATE_INPUT) || plan.has(FaultKind.MODERATE_OUTPUT)) {
            String stage = plan.has(FaultKind.MODERATE_INPUT) ? "input" : "output";
            return job.model().isDallE() ? OpenAiErrors.contentPolicyViolation()
                    : OpenAiErrors.moderationBlocked(stage, requestId);
        }
        long created = context.nowMs() / 1000;
        List<Map<String, Object>> data = new ArrayList<>();
        List<String> encoded = new ArrayList<>();
        for (int i = 0; i < job.n(); i++) {
            RenderSpec spec = RenderSpec.of(job.prompt(), job.seed() + i, job.width(), job.height(), job.format());
            Map<String, Object> item = Json.obj();
            if (job.urlResponse()) {
                item.put("url", context.resultUrls().issue(BLOB, job.model().id, spec,
                        context.settings().resultTtlSeconds()));
            } else {
                String b64 = Base64.getEncoder().encodeToString(context.renderer().render(spec));
                item.put("b64_json", b64);
                encoded.add(b64);
            }
            if (job.model() == OpenAiModel.DALL_E_3) {
                item.put("revised_prompt", "A detailed, high-quality rendering of the following scene: " + job.prompt());
            }
            data.add(item);
        }
        if (job.stream()) {
            return stream(job, created, encoded);
        }
        Map<String, Object> body = Json.obj("created", created, "data", data);
        if (job.model().isGptImage()) {
            body.put("background", job.background());
            body.put("output_format", job.format().extension());
            body.put("quality", job.quality());
            body.put("size", job.size());
            body.put("usage", usage(job));
        }
        return SimResponse.json(200, body);
    }

    /** Server-sent events: the requested partial images (blurred renderings), then one completed event per image. */
    private SimResponse stream(ImageJob job, long created, List<String> finals) {
        String prefix = job.operation() == Operation.EDIT ? "image_edit" : "image_generation";
        StringBuilder events = new StringBuilder();
        for (int p = 0; p < job.partialImages(); p++) {
            RenderSpec partial = new RenderSpec(job.prompt(), job.seed(), job.width(), job.height(), job.format(), true);
            Map<String, Object> event = Json.obj("type", prefix + ".partial_image",
                    "b64_json", Base64.getEncoder().encodeToString(context.renderer().render(partial)),
                    "background", job.background(), "created_at", created, "output_format", job.format().extension(),
                    "partial_image_index", p, "quality", job.quality(), "size", job.size());
            appendEvent(events, prefix + ".partial_image", event);
        }
        for (String b64 : finals) {
            Map<String, Object> event = Json.obj("type", prefix + ".completed", "b64_json", b64,
                    "background", job.background(), "created_at", created, "output_format", job.format().extension(),
                    "quality", job.quality(), "size", job.size(), "usage", usage(job));
            appendEvent(events, prefix + ".completed", event);
        }
        return SimResponse.text(200, "text/event-stream; charset=utf-8", events.toString());
    }

    private static void appendEvent(StringBuilder events, String name, Map<String, Object> data) {
        events.append("event: ").append(name).append('\n').append("data: ").append(Json.writeString(data)).append("\n\n");
    }

    /** Token usage in the shape GPT-image reports; figures scale with size and quality like the published table. */
    private static Map<String, Object> usage(ImageJob job) {
        int perMegapixel = switch (job.quality()) {
            case "low" -> 272;
            case "medium" -> 1056;
            default -> 4160;
        };
        long outputTokens = Math.round(perMegapixel * (job.width() * (double) job.height()) / (1024.0 * 1024.0)) * job.n();
        long textTokens = Math.max(1, job.prompt().split("\\s+").length * 4L / 3);
        return Json.obj("input_tokens", textTokens,
                "input_tokens_details", Json.obj("image_tokens", 0, "text_tokens", textTokens),
                "output_tokens", outputTokens,
                "output_tokens_details", Json.obj("image_tokens", outputTokens, "text_tokens", 0),
                "total_tokens", textTokens + outputTokens);
    }

    /** Returns an {@link ImageJob} or the 400 to answer. */
    private Object validate(SimRequest request, Operation operation, ImageRequestFields fields,
                            List<MultipartForm.Part> images, Optional<MultipartForm.Part> mask) {
        String prompt = fields.text("prompt");
        if (operation != Operation.VARIATION && (prompt == null || prompt.isEmpty())) {
            return OpenAiErrors.missing("prompt");
        }
        if (prompt != null && !fields.isString("prompt")) {
            return OpenAiErrors.invalid("Invalid type for 'prompt': expected a string.", "prompt", "invalid_type");
        }
        String defaultModel = operation == Operation.EDIT ? "gpt-image-1.5" : "dall-e-2";
        String modelId = Optional.ofNullable(fields.text("model")).orElse(defaultModel);
        request.recordModel(modelId);
        Optional<OpenAiModel> found = OpenAiModel.byId(modelId);
        if (found.isEmpty()) {
            return OpenAiErrors.invalid("Invalid value: '" + modelId + "'. Supported values are: "
                    + OpenAiModel.supportedList() + ".", "model", "invalid_value");
        }
        OpenAiModel model = found.get();
        if (operation == Operation.EDIT && model == OpenAiModel.DALL_E_3
                || operation == Operation.VARIATION && model != OpenAiModel.DALL_E_2) {
            return OpenAiErrors.invalid("Invalid value: '" + modelId + "'. This model does not support this operation.",
                    "model", "invalid_value");
        }
        prompt = prompt == null ? "" : prompt;
        if (prompt.length() > model.maxPromptLength()) {
            return OpenAiErrors.invalid("Invalid 'prompt': string too long. Expected a string with maximum length "
                    + model.maxPromptLength() + ", but got a string with length " + prompt.length() + " instead.",
                    "prompt", "string_above_max_length");
        }
        int n;
        try {
            n = fields.text("n") == null ? 1 : Integer.parseInt(fields.text("n"));
        } catch (NumberFormatException e) {
            return OpenAiErrors.invalid("Invalid type for 'n': expected an integer.", "n", "invalid_type");
        }
        if (n < 1 || n > model.maxImages()) {
            return OpenAiErrors.invalid("Invalid 'n': integer " + (n < 1 ? "below minimum" : "above maximum")
                    + " value. Expected a value " + (n < 1 ? ">= 1" : "<= " + model.maxImages()) + ", but got " + n
                    + " instead.", "n", n < 1 ? "integer_below_min_value" : "integer_above_max_value");
        }
        String responseFormat = fields.text("response_format");
        if (responseFormat != null && model.isGptImage()) {
            return OpenAiErrors.unknownParameter("response_format");
        }
        if (responseFormat != null && !responseFormat.equals("url") && !responseFormat.equals("b64_json")) {
            return OpenAiErrors.invalidValue("response_format", responseFormat, List.of("url", "b64_json"));
        }
        for (String gptImageOnly : List.of("output_format", "output_compression", "background", "moderation",
                "partial_images", "stream", "input_fidelity")) {
            if (model.isDallE() && fields.text(gptImageOnly) != null) {
                return OpenAiErrors.unknownParameter(gptImageOnly);
            }
        }
        if (fields.text("style") != null && model != OpenAiModel.DALL_E_3) {
            return OpenAiErrors.unknownParameter("style");
        }
        ImageFormat format = ImageFormat.PNG;
        if (fields.text("output_format") != null) {
            Optional<ImageFormat> parsed = ImageFormat.parse(fields.text("output_format"))
                    .filter(f -> !fields.text("output_format").equals("jpg"));
            if (parsed.isEmpty()) {
                return OpenAiErrors.invalidValue("output_format", fields.text("output_format"),
                        List.of("png", "jpeg", "webp"));
            }
            format = parsed.get();
        }
        String background = Optional.ofNullable(fields.text("background")).orElse("auto");
        if (!List.of("transparent", "opaque", "auto").contains(background)) {
            return OpenAiErrors.invalidValue("background", background, List.of("transparent", "opaque", "auto"));
        }
        if (background.equals("transparent") && format == ImageFormat.JPEG) {
            return OpenAiErrors.invalid("Transparent background is not supported for output_format 'jpeg'. "
                    + "Use 'png' or 'webp'.", "background", "invalid_value");
        }
        String quality = Optional.ofNullable(fields.text("quality")).orElse("auto");
        List<String> qualities = model.isGptImage() ? List.of("auto", "low", "medium", "high")
                : model == OpenAiModel.DALL_E_3 ? List.of("auto", "standard", "hd") : List.of("auto", "standard");
        if (operation == Operation.EDIT && model.isGptImage()) {
            qualities = List.of("auto", "standard", "low", "medium", "high");
        }
        if (!qualities.contains(quality)) {
            return OpenAiErrors.invalidValue("quality", quality, qualities);
        }
        boolean stream = "true".equals(fields.text("stream"));
        int partialImages = 0;
        if (fields.text("partial_images") != null) {
            try {
                partialImages = Integer.parseInt(fields.text("partial_images"));
            } catch (NumberFormatException e) {
                return OpenAiErrors.invalid("Invalid type for 'partial_images': expected an integer.", "partial_images",
                        "invalid_type");
            }
            if (partialImages < 0 || partialImages > 3) {
                return OpenAiErrors.invalid("Invalid 'partial_images': expected a value between 0 and 3.",
                        "partial_images", "invalid_value");
            }
        }
        if (operation != Operation.GENERATE && images.isEmpty()) {
            return OpenAiErrors.missing("image");
        }
        if (images.size() > (model.isDallE() ? 1 : 16)) {
            return OpenAiErrors.invalid("Invalid 'image': too many images. Expected at most "
                    + (model.isDallE() ? 1 : 16) + ".", "image", "invalid_value");
        }
        Optional<ImageProbe.Dimensions> firstInput = images.isEmpty() ? Optional.empty()
                : ImageProbe.dimensions(images.get(0).data());
        if (mask.isPresent() && firstInput.isPresent()) {
            Optional<ImageProbe.Dimensions> maskSize = ImageProbe.dimensions(mask.get().data());
            if (maskSize.isPresent() && !maskSize.get().equals(firstInput.get())) {
                return OpenAiErrors.invalid("Invalid mask image: the mask must have the same dimensions as the image.",
                        "mask", "invalid_image_dimensions");
            }
        }
        Object size = resolveSize(model, fields.text("size"), firstInput);
        if (size instanceof SimResponse error) {
            return error;
        }
        int[] wh = (int[]) size;
        String reportedQuality = quality.equals("auto") ? (model.isGptImage() ? "high" : "standard") : quality;
        String reportedBackground = background.equals("auto") ? "opaque" : background;
        boolean urlResponse = model.isDallE() && !"b64_json".equals(responseFormat);
        return new ImageJob(model, operation, prompt, n, wh[0], wh[1], format, urlResponse, reportedQuality,
                reportedBackground, stream && model.isGptImage(), partialImages, seedOf(images));
    }

    /** int[]{w, h} or the 400 to answer. */
    private static Object resolveSize(OpenAiModel model, String size, Optional<ImageProbe.Dimensions> input) {
        String value = size == null ? "auto" : size;
        if (value.equals("auto") && model.isGptImage()) {
            if (input.isEmpty() || Math.abs(input.get().width() - input.get().height()) < 16) {
                return new int[]{1024, 1024};
            }
            return input.get().width() > input.get().height() ? new int[]{1536, 1024} : new int[]{1024, 1536};
        }
        if (value.equals("auto") && model.isDallE()) {
            return new int[]{1024, 1024};
        }
        if (model.fixedSizes().contains(value)) {
            String[] parts = value.split("x");
            return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        }
        if (model.acceptsFreeSize() && value.matches("\\d{2,5}x\\d{2,5}")) {
            String[] parts = value.split("x");
            int w = Integer.parseInt(parts[0]);
            int h = Integer.parseInt(parts[1]);
            double ratio = (double) Math.max(w, h) / Math.min(w, h);
            if (w % 16 == 0 && h % 16 == 0 && ratio <= 3.0 && Math.max(w, h) <= 3840 && Math.min(w, h) <= 2160
                    && Math.min(w, h) >= 16) {
                return new int[]{w, h};
            }
            return OpenAiErrors.invalid("Invalid size '" + value + "'. Width and height must be multiples of 16, "
                    + "the aspect ratio at most 3:1, and the size at most 3840x2160.", "size", "invalid_value");
        }
        return OpenAiErrors.invalidValue("size", value, model.fixedSizes());
    }

    /** Same inputs give the same pictures; edits of different source images differ. */
    private static long seedOf(List<MultipartForm.Part> images) {
        CRC32 crc = new CRC32();
        images.forEach(part -> crc.update(part.data()));
        return crc.getValue();
    }

    private Optional<SimResponse> authenticate(SimRequest request) {
        String header = request.header("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (key == null || key.isEmpty()) {
            request.recordFault("unauthenticated");
            return Optional.of(OpenAiErrors.error(401, "You didn't provide an API key. You need to provide your API "
                    + "key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    "invalid_request_error", null, null));
        }
        Behaviour behaviour = context.settings().providerLevel(PROVIDER);
        if (!behaviour.acceptsKey(key)) {
            request.recordFault("invalid-key");
            String shown = key.length() <= 8 ? key : key.substring(0, 3) + "*".repeat(4) + key.substring(key.length() - 4);
            return Optional.of(OpenAiErrors.error(401, "Incorrect API key provided: " + shown + ". You can find your "
                    + "API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    "invalid_api_key"));
        }
        return Optional.empty();
    }

    /** Headers every OpenAI answer carries; {@code x-ratelimit-*} only when a rate limit is configured. */
    private SimResponse withStandardHeaders(SimResponse response, String requestId, long processingMs) {
        if (response.hang()) {
            return response;
        }
        SimResponse result = response.withHeader("x-request-id", requestId)
                .withHeader("openai-processing-ms", String.valueOf(processingMs))
                .withHeader("openai-version", "2020-10-01");
        Integer limit = context.settings().providerLevel(PROVIDER).rateLimitPerMinute();
        if (limit != null && limit > 0) {
            long now = context.nowMs();
            TrafficLimiter.WindowUsage usage = context.limiter().windowUsage(PROVIDER, now);
            long resetMs = Math.max(0, usage.oldestExpiresAtMs() - now);
            result = result.withHeader("x-ratelimit-limit-requests", String.valueOf(limit))
                    .withHeader("x-ratelimit-remaining-requests", String.valueOf(Math.max(0, limit - usage.used())))
                    .withHeader("x-ratelimit-reset-requests", resetMs >= 1000 ? (resetMs / 1000) + "s" : resetMs + "ms");
        }
        return result;
    }
}
