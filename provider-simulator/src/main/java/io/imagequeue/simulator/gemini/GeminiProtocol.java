package io.imagequeue.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.SimulatorContext;
import io.imagequeue.simulator.fault.Fault;
import io.imagequeue.simulator.fault.FaultKind;
import io.imagequeue.simulator.fault.FaultPlan;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.Router;
import io.imagequeue.simulator.http.SimRequest;
import io.imagequeue.simulator.http.SimResponse;
import io.imagequeue.simulator.http.ValidatedBody;
import io.imagequeue.simulator.render.ImageFormat;
import io.imagequeue.simulator.render.ImageProbe;
import io.imagequeue.simulator.render.RenderSpec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Google Gemini image generation: {@code POST /v1beta/models/{model}:generateContent} (and
 * {@code :streamGenerateContent}, SSE with {@code ?alt=sse}). Images come back as base64 {@code inlineData}
 * parts; blocks come back as HTTP 200 without an image ({@code finishReason} or {@code promptFeedback}).
 * Gemini 3 Pro image models "think" with an interim image part ({@code thought: true}) before the final one.
 */
public final class GeminiProtocol implements Protocol {

    public static final String PROVIDER = "gemini";

    /** What the request asked for, after validation. */
    private record GeminiJob(String model, String prompt, int width, int height, boolean wantText, boolean wantImage,
                             int inputImages, long seed) {
    }

    private final SimulatorContext context;

    public GeminiProtocol(SimulatorContext context) {
        this.context = context;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void register(Router router) {
        router.add("POST", "/v1beta/models/{model}:generateContent", PROVIDER, CallKind.GENERATE,
                request -> handle(request, false));
        router.add("POST", "/v1beta/models/{model}:streamGenerateContent", PROVIDER, CallKind.GENERATE,
                request -> handle(request, true));
    }

    private SimResponse handle(SimRequest request, boolean stream) throws InterruptedException {
        String model = request.pathParam("model");
        request.recordModel(model);
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        if (!model.contains("image")) {
            return GoogleErrors.error(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, "
                    + "or is not supported for generateContent. Call ListModels to see the list of available models "
                    + "and their supported methods.", null);
        }
        ValidatedBody<GeminiJob> validated = ValidatedBody.read(request,
                () -> GoogleErrors.invalidArgument("Invalid JSON payload received. Unexpected token."),
                body -> validate(model, body), GeminiJob.class);
        if (validated.rejected()) {
            return validated.error();
        }
        GeminiJob job = validated.job();
        FaultPlan plan = FaultPlan.parse(job.prompt(), request.header(FaultPlan.HEADER));
        SimResponse response = context.generateSync(request, PROVIDER, model, job.prompt(), plan,
                refusal -> GoogleErrors.refusal(refusal, model), () -> SimResponse.json(200, answer(job, plan)));
        return stream && response.status() == 200 && !response.hang() ? asStream(request, response) : response;
    }

    /** {@code alt=sse}: one server-sent event per chunk; otherwise a JSON array of chunks. One chunk here. */
    private static SimResponse asStream(SimRequest request, SimResponse whole) {
        String chunk = new String(whole.body(), java.nio.charset.StandardCharsets.UTF_8);
        if ("sse".equals(request.query("alt"))) {
            return SimResponse.text(200, "text/event-stream", "data: " + chunk + "\r\n\r\n");
        }
        return SimResponse.text(200, "application/json; charset=UTF-8", "[" + chunk + "]");
    }

    private Map<String, Object> answer(GeminiJob job, FaultPlan plan) {
        String responseId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        int promptTokens = Math.max(1, job.prompt().split("\\s+").length * 4 / 3) + 258 * job.inputImages();
        if (plan.has(FaultKind.MODERATE_INPUT)) {
            String reason = plan.get(FaultKind.MODERATE_INPUT).map(Fault::value).orElse("PROHIBITED_CONTENT");
            return Json.obj("promptFeedback", Json.obj("blockReason", reason),
                    "usageMetadata", Json.obj("promptTokenCount", promptTokens, "totalTokenCount", promptTokens),
                    "modelVersion", job.model(), "responseId", responseId);
        }
        if (plan.has(FaultKind.MODERATE_OUTPUT)) {
            String reason = plan.get(FaultKind.MODERATE_OUTPUT).map(Fault::value).orElse("IMAGE_SAFETY");
            return Json.obj("candidates", List.of(Json.obj("finishReason", reason, "index", 0)),
                    "usageMetadata", Json.obj("promptTokenCount", promptTokens, "totalTokenCount", promptTokens),
                    "modelVersion", job.model(), "responseId", responseId);
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        int imageTokens = 0;
        int thoughtTokens = 0;
        if (plan.has(FaultKind.TEXT_ONLY) || !job.wantImage()) {
            parts.add(Json.obj("text", plan.has(FaultKind.TEXT_ONLY)
                    ? "I'm sorry, but I can't create that image. Is there something else I can help you with?"
                    : "Here is a description of " + job.prompt() + "."));
        } else {
            if (thinks(job.model())) {
                // An interim "thought" image at half size precedes the final one; adapters must skip it.
                RenderSpec interim = RenderSpec.of(job.prompt(), job.seed() ^ 0x5EED, Math.max(1, job.width() / 2),
                        Math.max(1, job.height() / 2), ImageFormat.PNG);
                parts.add(Json.obj("text", "**Composing the scene**\n\nI'm sketching a first draft of the layout.",
                        "thought", true));
                parts.add(Json.obj("inlineData", inline(interim), "thought", true));
                thoughtTokens = 122;
            }
            if (job.wantText()) {
                parts.add(Json.obj("text", "Here is the image you asked for."));
            }
            Map<String, Object> image = Json.obj("inlineData", inline(RenderSpec.of(job.prompt(), job.seed(),
                    job.width(), job.height(), ImageFormat.PNG)));
            if (thinks(job.model())) {
                image.put("thoughtSignature", Base64.getEncoder().encodeToString(responseId.getBytes()));
            }
            parts.add(image);
            imageTokens = job.width() * job.height() > 1_600_000 ? (job.width() * job.height() > 6_000_000 ? 2000 : 1120) : 1290;
        }
        int candidateTokens = imageTokens + (job.wantText() ? 10 : 0);
        Map<String, Object> usage = Json.obj("promptTokenCount", promptTokens, "candidatesTokenCount", candidateTokens,
                "totalTokenCount", promptTokens + candidateTokens + thoughtTokens,
                "promptTokensDetails", List.of(Json.obj("modality", "TEXT", "tokenCount", promptTokens)));
        if (imageTokens > 0) {
            usage.put("candidatesTokensDetails", List.of(Json.obj("modality", "IMAGE", "tokenCount", imageTokens)));
        }
        if (thoughtTokens > 0) {
            usage.put("thoughtsTokenCount", thoughtTokens);
        }
        return Json.obj("candidates", List.of(Json.obj("content", Json.obj("parts", parts, "role", "model"),
                        "finishReason", "STOP", "index", 0)),
                "usageMetadata", usage, "modelVersion", job.model(), "responseId", responseId);
    }

    private Map<String, Object> inline(RenderSpec spec) {
        return Json.obj("mimeType", spec.format().mimeType(),
                "data", Base64.getEncoder().encodeToString(context.renderer().render(spec)));
    }

    private static boolean thinks(String model) {
        return model.startsWith("gemini-3") && model.contains("pro");
    }

    /** Returns a {@link GeminiJob} or the 400 to answer. */
    private static Object validate(String model, JsonNode body) {
        if (body == null || !body.isObject()) {
            return GoogleErrors.invalidArgument("Invalid JSON payload received. Expected an object.");
        }
        JsonNode contents = body.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            return GoogleErrors.invalidArgument("* GenerateContentRequest.contents: contents is not specified\n");
        }
        StringBuilder prompt = new StringBuilder();
        int inputImages = 0;
        CRC32 inputDigest = new CRC32();
        Optional<ImageProbe.Dimensions> lastInput = Optional.empty();
        for (JsonNode content : contents) {
            JsonNode parts = content.get("parts");
            if (parts == null || !parts.isArray() || parts.isEmpty()) {
                return GoogleErrors.invalidArgument("* GenerateContentRequest.contents[].parts: contents.parts must not be empty.\n");
            }
            for (JsonNode part : parts) {
                if (part.hasNonNull("text")) {
                    prompt.append(prompt.isEmpty() ? "" : "\n").append(part.get("text").asText());
                }
                JsonNode inline = field(part, "inlineData", "inline_data");
                if (inline != null) {
                    JsonNode data = inline.get("data");
                    if (data == null || !data.isTextual()) {
                        return GoogleErrors.invalidArgument("* GenerateContentRequest.contents[].parts[].inline_data.data: "
                                + "data is required\n");
                    }
                    byte[] bytes;
                    try {
                        bytes = Base64.getMimeDecoder().decode(data.asText());
                    } catch (IllegalArgumentException e) {
                        return GoogleErrors.invalidArgument("Invalid value at 'contents[0].parts[1].inline_data.data' "
                                + "(TYPE_BYTES), Base64 decoding failed");
                    }
                    inputImages++;
                    inputDigest.update(bytes);
                    Optional<ImageProbe.Dimensions> dims = ImageProbe.dimensions(bytes);
                    if (dims.isPresent()) {
                        lastInput = dims;
                    }
                }
            }
        }
        JsonNode config = field(body, "generationConfig", "generation_config");
        JsonNode modalities = config == null ? null : field(config, "responseModalities", "response_modalities");
        boolean wantText = true;
        boolean wantImage = true;
        if (modalities != null && modalities.isArray() && !modalities.isEmpty()) {
            wantText = false;
            wantImage = false;
            for (JsonNode modality : modalities) {
                switch (modality.asText()) {
                    case "TEXT" -> wantText = true;
                    case "IMAGE" -> wantImage = true;
                    default -> {
                        return GoogleErrors.invalidArgument("Invalid value at 'generation_config.response_modalities' "
                                + "(type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality), \""
                                + modality.asText() + "\"");
                    }
                }
            }
        }
        JsonNode imageConfig = config == null ? null : field(config, "imageConfig", "image_config");
        String ratio = imageConfig == null ? null : text(field(imageConfig, "aspectRatio", "aspect_ratio"));
        String imageSize = imageConfig == null ? null : text(field(imageConfig, "imageSize", "image_size"));
        if (ratio != null && !GeminiImageSizes.knowsRatio(model, ratio)) {
            return GoogleErrors.invalidArgument("Unsupported aspect ratio: " + ratio);
        }
        Optional<Double> scale = GeminiImageSizes.tierScale(imageSize);
        if (scale.isEmpty()) {
            return GoogleErrors.invalidArgument("Unsupported image size: " + imageSize + ". Supported values are 1K, 2K and 4K.");
        }
        int[] size = GeminiImageSizes.size(model, ratio, scale.get(), lastInput);
        return new GeminiJob(model, prompt.toString(), size[0], size[1], wantText, wantImage, inputImages,
                inputDigest.getValue());
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode value = node.get(camel);
        return value != null && !value.isNull() ? value : node.get(snake);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private Optional<SimResponse> authenticate(SimRequest request) {
        String key = request.header("x-goog-api-key");
        if (key == null) {
            key = request.query("key");
        }
        if (key == null || key.isBlank()) {
            request.recordFault("unauthenticated");
            return Optional.of(GoogleErrors.error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers "
                    + "(callers without established identity). Please use API Key or other form of API consumer "
                    + "identity to call this API.", null));
        }
        Behaviour behaviour = context.settings().providerLevel(PROVIDER);
        if (!behaviour.acceptsKey(key)) {
            request.recordFault("invalid-key");
            return Optional.of(GoogleErrors.error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                    List.of(Json.obj("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "API_KEY_INVALID",
                            "domain", "googleapis.com",
                            "metadata", Json.obj("service", "generativelanguage.googleapis.com")))));
        }
        return Optional.empty();
    }
}
