package io.imagequeue.simulator.stability;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.SimulatorContext;
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
import io.imagequeue.simulator.render.Sizes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Stability AI: v2beta {@code POST /v2beta/stable-image/generate/{ultra|core|sd3}} (always multipart; raw bytes
 * with {@code finish-reason}/{@code seed} headers for {@code accept: image/*}, base64 JSON for
 * {@code application/json}) and v1 SDXL {@code POST /v1/generation/{engine}/text-to-image} (JSON body,
 * {@code artifacts} or raw PNG). Output moderation is HTTP 200 with {@code CONTENT_FILTERED} and a blurred image.
 */
public final class StabilityProtocol implements Protocol {

    public static final String PROVIDER = "stability";
    private static final List<String> ASPECT_RATIOS = List.of("21:9", "16:9", "3:2", "5:4", "1:1", "4:5", "2:3", "9:16", "9:21");
    private static final List<String> SD3_MODELS = List.of("sd3.5-large", "sd3.5-large-turbo", "sd3.5-medium",
            "sd3-large", "sd3-large-turbo", "sd3-medium");
    private static final Set<String> STYLE_PRESETS = Set.of("enhance", "anime", "photographic", "digital-art",
            "comic-book", "fantasy-art", "line-art", "analog-film", "neon-punk", "isometric", "low-poly", "origami",
            "modeling-compound", "cinematic", "3d-model", "pixel-art", "tile-texture");
    private static final List<String> SDXL_DIMENSIONS = List.of("1024x1024", "1152x896", "1216x832", "1344x768",
            "1536x640", "640x1536", "768x1344", "832x1216", "896x1152");
    private static final Set<String> V1_ENGINES = Set.of("stable-diffusion-xl-1024-v1-0", "stable-diffusion-v1-6");
    private static final long MAX_SEED = 4_294_967_294L;

    /** A validated generation. */
    private record Job(String model, String prompt, int width, int height, long seed, ImageFormat format, int samples) {
    }

    private final SimulatorContext context;

    public StabilityProtocol(SimulatorContext context) {
        this.context = context;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void register(Router router) {
        router.add("POST", "/v2beta/stable-image/generate/{service:ultra|core|sd3}", PROVIDER, CallKind.GENERATE, this::v2);
        router.add("POST", "/v1/generation/{engine}/text-to-image", PROVIDER, CallKind.GENERATE, this::v1);
        router.add("GET", "/v1/user/balance", PROVIDER, CallKind.META,
                request -> authenticate(request, false).orElseGet(() -> SimResponse.json(200, Map.of("credits", 1000.0))));
        router.add("GET", "/v1/engines/list", PROVIDER, CallKind.META, request -> authenticate(request, true).orElseGet(() ->
                SimResponse.json(200, V1_ENGINES.stream().sorted().map(id -> Json.obj("id", id, "name", id,
                        "description", "Simulated engine", "type", "PICTURE")).toList())));
    }

    private SimResponse v2(SimRequest request) throws InterruptedException {
        String service = request.pathParam("service");
        request.recordModel(service);
        Optional<SimResponse> denied = authenticate(request, false);
        if (denied.isPresent()) {
            return denied.get();
        }
        String accept = Optional.ofNullable(request.header("Accept")).orElse("image/*");
        boolean json = accept.contains("application/json");
        if (!json && !accept.contains("image/") && !accept.contains("*/*")) {
            return StabilityErrors.v2(400, "bad_request", "accept: must be image/* or application/json");
        }
        if (!MultipartForm.isMultipart(request.contentType())) {
            return StabilityErrors.v2(400, "bad_request", "content-type: must be multipart/form-data");
        }
        MultipartForm form;
        try {
            form = MultipartForm.parse(request.contentType(), request.body());
        } catch (IllegalArgumentException e) {
            return StabilityErrors.v2(400, "bad_request", "body: " + e.getMessage());
        }
        Object validated = validateV2(request, service, form);
        if (validated instanceof SimResponse error) {
            request.recordFault("invalid-request");
            return error;
        }
        Job job = (Job) validated;
        FaultPlan plan = FaultPlan.parse(job.prompt(), request.header(FaultPlan.HEADER));
        return context.generateSync(request, PROVIDER, job.model(), job.prompt(), plan,
                refusal -> StabilityErrors.refusal(refusal, false), () -> {
                    if (plan.has(FaultKind.MODERATE_INPUT)) {
                        return StabilityErrors.contentModeration();
                    }
                    boolean filtered = plan.has(FaultKind.MODERATE_OUTPUT);
                    String finishReason = filtered ? "CONTENT_FILTERED" : "SUCCESS";
                    byte[] image = context.renderer().render(new RenderSpec(job.prompt(), job.seed(), job.width(),
                            job.height(), job.format(), filtered));
                    if (json) {
                        return SimResponse.json(200, Json.obj("image", Base64.getEncoder().encodeToString(image),
                                "finish_reason", finishReason, "seed", job.seed()));
                    }
                    return SimResponse.bytes(200, job.format().mimeType(), image)
                            .withHeader("finish-reason", finishReason).withHeader("seed", String.valueOf(job.seed()));
                });
    }

    private Object validateV2(SimRequest request, String service, MultipartForm form) {
        String prompt = form.text("prompt");
        if (prompt == null || prompt.isBlank()) {
            return StabilityErrors.v2(400, "bad_request", "prompt: is required");
        }
        if (prompt.length() > 10_000) {
            return StabilityErrors.v2(400, "bad_request", "prompt: must be at most 10000 characters");
        }
        String model = service;
        if (service.equals("sd3")) {
            model = Optional.ofNullable(form.text("model")).orElse("sd3.5-large");
            if (!SD3_MODELS.contains(model)) {
                return StabilityErrors.v2(400, "bad_request", "model: must be one of " + String.join(", ", SD3_MODELS));
            }
            request.recordModel(model);
        }
        List<String> formats = service.equals("sd3") ? List.of("png", "jpeg") : List.of("png", "jpeg", "webp");
        String formatText = Optional.ofNullable(form.text("output_format")).orElse("png");
        if (!formats.contains(formatText)) {
            return StabilityErrors.v2(400, "bad_request", "output_format: must be one of " + String.join(", ", formats));
        }
        String ratio = Optional.ofNullable(form.text("aspect_ratio")).orElse("1:1");
        if (!ASPECT_RATIOS.contains(ratio)) {
            return StabilityErrors.v2(400, "bad_request", "aspect_ratio: must be one of " + String.join(", ", ASPECT_RATIOS));
        }
        String style = form.text("style_preset");
        if (style != null && !STYLE_PRESETS.contains(style)) {
            return StabilityErrors.v2(400, "bad_request", "style_preset: is not a valid style preset");
        }
        Long seed = parseSeed(form.text("seed"));
        if (seed == null) {
            return StabilityErrors.v2(400, "bad_request", "seed: must be an integer between 0 and " + MAX_SEED);
        }
        String mode = Optional.ofNullable(form.text("mode")).orElse("text-to-image");
        Optional<MultipartForm.Part> image = form.first("image").filter(MultipartForm.Part::isFile);
        if (!mode.equals("text-to-image") && !mode.equals("image-to-image")) {
            return StabilityErrors.v2(400, "bad_request", "mode: must be text-to-image or image-to-image");
        }
        if (mode.equals("image-to-image") && image.isEmpty()) {
            return StabilityErrors.v2(400, "bad_request", "image: is required");
        }
        if (mode.equals("image-to-image") && form.text("strength") == null) {
            return StabilityErrors.v2(400, "bad_request", "strength: is required");
        }
        int[] size;
        Optional<ImageProbe.Dimensions> input = image.flatMap(part -> ImageProbe.dimensions(part.data()));
        if (image.isPresent() && input.isPresent()) {
            if (input.get().width() < 64 || input.get().height() < 64) {
                return StabilityErrors.v2(400, "bad_request", "image: each side must be at least 64 pixels");
            }
            size = new int[]{Sizes.roundTo(input.get().width(), 64), Sizes.roundTo(input.get().height(), 64)};
        } else {
            long pixels = switch (service) {
                case "ultra" -> 4L * 1024 * 1024;
                case "core" -> 1_572_864L;
                default -> 1024L * 1024;
            };
            ImageProbe.Dimensions dims = Sizes.forRatio(Sizes.parseRatio(ratio, ':').orElseThrow().value(), pixels, 64);
            size = new int[]{dims.width(), dims.height()};
        }
        long usedSeed = seed == 0 ? context.randomSeed(MAX_SEED) : seed;
        if (image.isPresent()) {
            CRC32 crc = new CRC32();
            crc.update(image.get().data());
            usedSeed ^= crc.getValue();
        }
        return new Job(model, prompt, size[0], size[1], usedSeed, ImageFormat.parse(formatText).orElseThrow(), 1);
    }

    private SimResponse v1(SimRequest request) throws InterruptedException {
        String engine = request.pathParam("engine");
        request.recordModel(engine);
        Optional<SimResponse> denied = authenticate(request, true);
        if (denied.isPresent()) {
            return denied.get();
        }
        if (!V1_ENGINES.contains(engine)) {
            return StabilityErrors.v1(404, "not_found", "engine: " + engine + " not found");
        }
        String accept = Optional.ofNullable(request.header("Accept")).orElse("application/json");
        boolean png = accept.contains("image/png");
        JsonNode body;
        try {
            body = Json.read(request.body());
        } catch (IOException e) {
            return StabilityErrors.v1(400, "bad_request", "body: invalid JSON");
        }
        Object validated = validateV1(engine, body, png);
        if (validated instanceof SimResponse error) {
            request.recordFault("invalid-request");
            return error;
        }
        Job job = (Job) validated;
        FaultPlan plan = FaultPlan.parse(job.prompt(), request.header(FaultPlan.HEADER));
        return context.generateSync(request, PROVIDER, engine, job.prompt(), plan,
                refusal -> StabilityErrors.refusal(refusal, true), () -> {
                    if (plan.has(FaultKind.MODERATE_INPUT)) {
                        return StabilityErrors.v1(400, "invalid_prompts", "One or more prompts contains filtered words.");
                    }
                    boolean filtered = plan.has(FaultKind.MODERATE_OUTPUT);
                    String finishReason = filtered ? "CONTENT_FILTERED" : "SUCCESS";
                    if (png) {
                        byte[] image = context.renderer().render(new RenderSpec(job.prompt(), job.seed(), job.width(),
                                job.height(), ImageFormat.PNG, filtered));
                        return SimResponse.bytes(200, "image/png", image).withHeader("Finish-Reason", finishReason)
                                .withHeader("Seed", String.valueOf(job.seed()));
                    }
                    List<Map<String, Object>> artifacts = new ArrayList<>();
                    for (int i = 0; i < job.samples(); i++) {
                        byte[] image = context.renderer().render(new RenderSpec(job.prompt(), job.seed() + i,
                                job.width(), job.height(), ImageFormat.PNG, filtered));
                        artifacts.add(Json.obj("base64", Base64.getEncoder().encodeToString(image),
                                "seed", job.seed() + i, "finishReason", finishReason));
                    }
                    return SimResponse.json(200, Map.of("artifacts", artifacts));
                });
    }

    private Object validateV1(String engine, JsonNode body, boolean png) {
        if (body == null || !body.isObject()) {
            return StabilityErrors.v1(400, "bad_request", "body: must be a JSON object");
        }
        JsonNode prompts = body.get("text_prompts");
        if (prompts == null || !prompts.isArray() || prompts.isEmpty()) {
            return StabilityErrors.v1(400, "bad_request", "text_prompts: is required");
        }
        StringBuilder prompt = new StringBuilder();
        for (JsonNode item : prompts) {
            String text = item.path("text").asText("");
            if (text.isBlank()) {
                return StabilityErrors.v1(400, "invalid_prompts", "text_prompts[].text: cannot be empty");
            }
            if (item.path("weight").asDouble(1.0) >= 0) {
                prompt.append(prompt.isEmpty() ? "" : " | ").append(text);
            }
        }
        int width = body.path("width").asInt(512);
        int height = body.path("height").asInt(512);
        if (engine.contains("xl-1024")) {
            if (!SDXL_DIMENSIONS.contains(width + "x" + height)) {
                return StabilityErrors.v1(400, "invalid_sdxl_v1_dimensions", "for stable-diffusion-xl-1024-v1-0 the "
                        + "allowed dimensions are " + String.join(", ", SDXL_DIMENSIONS) + ", but we received "
                        + width + "x" + height);
            }
        } else if (width < 128 || height < 128 || width % 64 != 0 || height % 64 != 0) {
            return StabilityErrors.v1(400, "invalid_height_or_width", "height and width must be multiples of 64 and at least 128");
        }
        int samples = body.path("samples").asInt(1);
        if (samples < 1 || samples > 10) {
            return StabilityErrors.v1(400, "bad_request", "samples: must be between 1 and 10");
        }
        if (png && samples > 1) {
            return StabilityErrors.v1(400, "bad_request", "accept: image/png only supports samples=1");
        }
        int steps = body.path("steps").asInt(30);
        if (steps < 10 || steps > 50) {
            return StabilityErrors.v1(400, "bad_request", "steps: must be between 10 and 50");
        }
        double cfg = body.path("cfg_scale").asDouble(7);
        if (cfg < 0 || cfg > 35) {
            return StabilityErrors.v1(400, "bad_request", "cfg_scale: must be between 0 and 35");
        }
        long seed = body.path("seed").asLong(0);
        if (seed < 0 || seed > 4_294_967_295L) {
            return StabilityErrors.v1(400, "bad_request", "seed: must be between 0 and 4294967295");
        }
        return new Job(engine, prompt.toString(), width, height, seed == 0 ? context.randomSeed(MAX_SEED) : seed,
                ImageFormat.PNG, samples);
    }

    private static Long parseSeed(String text) {
        if (text == null) {
            return 0L;
        }
        try {
            long seed = Long.parseLong(text.trim());
            return seed < 0 || seed > MAX_SEED ? null : seed;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Optional<SimResponse> authenticate(SimRequest request, boolean v1) {
        String header = request.header("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header;
        if (key == null || key.isBlank()) {
            request.recordFault("unauthenticated");
            return Optional.of(v1 ? StabilityErrors.v1(401, "unauthorized", "Missing API key")
                    : StabilityErrors.v2(401, "unauthorized", "authorization: missing API key"));
        }
        Behaviour behaviour = context.settings().providerLevel(PROVIDER);
        if (!behaviour.acceptsKey(key)) {
            request.recordFault("invalid-key");
            return Optional.of(v1 ? StabilityErrors.v1(401, "unauthorized", "Incorrect API key provided")
                    : StabilityErrors.v2(401, "unauthorized", "authorization: invalid API key"));
        }
        return Optional.empty();
    }
}
