package io.imagequeue.simulator.automatic1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.Refusal;
import io.imagequeue.simulator.core.SimulatorContext;
import io.imagequeue.simulator.core.UpstreamGate;
import io.imagequeue.simulator.fault.FaultKind;
import io.imagequeue.simulator.fault.FaultPlan;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.Router;
import io.imagequeue.simulator.http.SimRequest;
import io.imagequeue.simulator.http.SimResponse;
import io.imagequeue.simulator.render.ImageFormat;
import io.imagequeue.simulator.render.ImageProbe;
import io.imagequeue.simulator.render.RenderSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * AUTOMATIC1111 WebUI API: {@code POST /sdapi/v1/txt2img} and {@code /img2img} run one at a time under a global
 * fair lock while the HTTP request stays open (concurrent calls queue, they are never refused);
 * {@code GET /sdapi/v1/progress} reports the one current job (its {@code current_task} is the request's
 * {@code force_task_id}); {@code /sd-models}, {@code /options},
 * {@code /samplers} for discovery. No auth unless the provider's {@code api_key} is set to {@code user:pass}
 * (then HTTP Basic, like {@code --api-auth}). A1111 has no content moderation: moderation markers are ignored.
 */
public final class Automatic1111Protocol implements Protocol {

    public static final String PROVIDER = "automatic1111";
    private static final List<String> SAMPLERS = List.of("DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE", "Euler a", "Euler",
            "LMS", "Heun", "DPM2", "DDIM", "UniPC");
    private static final long SEED_BOUND = 4_294_967_295L;

    private final SimulatorContext context;
    private final ReentrantLock queueLock = new ReentrantLock(true);
    private final ProgressState progress = new ProgressState();
    private volatile Checkpoint current = Checkpoint.DEFAULTS.get(0);

    public Automatic1111Protocol(SimulatorContext context) {
        this.context = context;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void register(Router router) {
        router.add("POST", "/sdapi/v1/txt2img", PROVIDER, CallKind.GENERATE, request -> generate(request, false));
        router.add("POST", "/sdapi/v1/img2img", PROVIDER, CallKind.GENERATE, request -> generate(request, true));
        router.add("GET", "/sdapi/v1/progress", PROVIDER, CallKind.META, request -> guarded(request,
                () -> SimResponse.json(200, progress.toJson(context.nowMs()))));
        router.add("GET", "/sdapi/v1/sd-models", PROVIDER, CallKind.META, request -> guarded(request,
                () -> SimResponse.json(200, Checkpoint.DEFAULTS.stream().map(Checkpoint::toJson).toList())));
        router.add("GET", "/sdapi/v1/samplers", PROVIDER, CallKind.META, request -> guarded(request,
                () -> SimResponse.json(200, SAMPLERS.stream().map(name -> Json.obj("name", name,
                        "aliases", List.of(), "options", Map.of())).toList())));
        router.add("GET", "/sdapi/v1/options", PROVIDER, CallKind.META, request -> guarded(request,
                () -> SimResponse.json(200, Json.obj("sd_model_checkpoint", current.title(),
                        "samples_format", "png", "sd_checkpoint_hash", current.sha256()))));
        router.add("POST", "/sdapi/v1/options", PROVIDER, CallKind.META, this::setOptions);
        router.add("POST", "/sdapi/v1/interrupt", PROVIDER, CallKind.META, request -> guarded(request, () -> {
            progress.interrupt();
            return SimResponse.json(200, Map.of());
        }));
        router.add("POST", "/sdapi/v1/skip", PROVIDER, CallKind.META, request -> guarded(request, () -> {
            progress.interrupt();
            return SimResponse.json(200, Map.of());
        }));
        router.add("POST", "/sdapi/v1/refresh-checkpoints", PROVIDER, CallKind.META,
                request -> guarded(request, () -> SimResponse.json(200, Map.of())));
    }

    @Override
    public void reset() {
        current = Checkpoint.DEFAULTS.get(0);
    }

    private SimResponse generate(SimRequest request, boolean img2img) throws InterruptedException {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        JsonNode parsed;
        try {
            parsed = Json.read(request.body());
        } catch (IOException e) {
            return validationError("body", "Expecting value", "value_error.jsondecode");
        }
        if (parsed == null || !parsed.isObject()) {
            return validationError("body", "value is not a valid dict", "type_error.dict");
        }
        ObjectNode body = (ObjectNode) parsed;
        Optional<SimResponse> invalid = checkTypes(body, img2img);
        if (invalid.isPresent()) {
            request.recordFault("invalid-request");
            return invalid.get();
        }
        String sampler = body.path("sampler_name").isTextual() ? body.get("sampler_name").asText()
                : body.path("sampler_index").asText("Euler");
        if (!SAMPLERS.contains(sampler)) {
            return apiError(404, "HTTPException", "Sampler not found");
        }
        Checkpoint checkpoint = current;
        JsonNode override = body.path("override_settings").path("sd_model_checkpoint");
        if (override.isTextual()) {
            Optional<Checkpoint> match = Checkpoint.DEFAULTS.stream().filter(c -> c.matches(override.asText())).findFirst();
            if (match.isEmpty()) {
                return apiError(404, "HTTPException", "Model not found");
            }
            checkpoint = match.get();
        }
        request.recordModel(checkpoint.modelName());
        String prompt = body.path("prompt").asText("");
        FaultPlan plan = FaultPlan.parse(prompt, request.header(FaultPlan.HEADER));
        if (plan.has(FaultKind.HANG)) {
            request.recordFault("hang");
            return SimResponse.hangForever();
        }
        // Everything below runs under the queue lock, which is what serialises jobs and holds connections open.
        queueLock.lockInterruptibly();
        try {
            UpstreamGate.Decision decision = context.gate().check(PROVIDER, checkpoint.modelName(), plan,
                    SimulatorContext.failKey(PROVIDER, checkpoint.modelName(), prompt, request), context.nowMs());
            if (decision.refused()) {
                request.recordFault(decision.refusal().cause());
                return refusal(decision.refusal());
            }
            try (var ignored = decision.permit()) {
                if (!plan.isEmpty()) {
                    request.recordFault(plan.describe());
                }
                int steps = body.path("steps").asInt(50);
                long started = context.nowMs();
                progress.begin(started, decision.latencyMs(), new ProgressState.Job(
                        img2img ? "scripts_img2img" : "scripts_txt2img", taskId(body, img2img), steps,
                        body.path("n_iter").asInt(1)));
                try {
                    progress.awaitCompletion(started);
                } finally {
                    progress.end(context.nowMs());
                }
                current = checkpoint;
                SimResponse response = SimResponse.json(200, result(body, checkpoint, sampler, img2img));
                return plan.has(FaultKind.MALFORMED) ? SimulatorContext.malformed(response) : response;
            }
        } finally {
            queueLock.unlock();
        }
    }

    /** {@code force_task_id} when given, else an id like A1111's {@code create_task_id}: {@code task(txt2img-7CHARS)}. */
    private String taskId(ObjectNode body, boolean img2img) {
        JsonNode forced = body.path("force_task_id");
        if (forced.isTextual() && !forced.asText().isEmpty()) {
            return forced.asText();
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            id.append(alphabet.charAt((int) context.randomSeed(alphabet.length() + 1) - 1));
        }
        return "task(" + (img2img ? "img2img" : "txt2img") + "-" + id + ")";
    }

    private Map<String, Object> result(ObjectNode body, Checkpoint checkpoint, String sampler, boolean img2img) {
        String prompt = body.path("prompt").asText("");
        int width = body.path("width").asInt(512);
        int height = body.path("height").asInt(512);
        if (img2img && body.path("init_images").isArray() && !body.path("init_images").isEmpty()
                && !body.has("width")) {
            Optional<ImageProbe.Dimensions> input = ImageProbe.dimensionsOfBase64(body.path("init_images").get(0).asText());
            if (input.isPresent()) {
                width = input.get().width();
                height = input.get().height();
            }
        }
        int count = body.path("batch_size").asInt(1) * body.path("n_iter").asInt(1);
        long seed = body.path("seed").asLong(-1);
        if (seed == -1) {
            seed = context.randomSeed(SEED_BOUND);
        }
        boolean sendImages = body.path("send_images").asBoolean(true);
        List<String> images = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        List<String> infotexts = new ArrayList<>();
        int steps = body.path("steps").asInt(50);
        double cfg = body.path("cfg_scale").asDouble(7.0);
        for (int i = 0; i < count; i++) {
            long imageSeed = seed + i;
            seeds.add(imageSeed);
            infotexts.add(prompt + "\nSteps: " + steps + ", Sampler: " + sampler + ", CFG scale: " + cfg + ", Seed: "
                    + imageSeed + ", Size: " + width + "x" + height + ", Model hash: " + checkpoint.hash()
                    + ", Model: " + checkpoint.modelName());
            if (sendImages) {
                byte[] png = context.renderer().render(RenderSpec.of(prompt, imageSeed, width, height, ImageFormat.PNG));
                images.add(Base64.getEncoder().encodeToString(png));
            }
        }
        Map<String, Object> info = Json.obj("prompt", prompt, "all_prompts", java.util.Collections.nCopies(count, prompt),
                "negative_prompt", body.path("negative_prompt").asText(""), "seed", seed, "all_seeds", seeds,
                "subseed", body.path("subseed").asLong(-1), "width", width, "height", height,
                "sampler_name", sampler, "cfg_scale", cfg, "steps", steps, "batch_size", body.path("batch_size").asInt(1),
                "sd_model_name", checkpoint.modelName(), "sd_model_hash", checkpoint.hash(),
                "seed_resize_from_w", -1, "seed_resize_from_h", -1, "infotexts", infotexts,
                "job_timestamp", java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(context.nowMs())));
        ObjectNode parameters = body.deepCopy();
        parameters.put("prompt", prompt);
        parameters.put("seed", body.path("seed").asLong(-1));
        parameters.put("width", width);
        parameters.put("height", height);
        parameters.put("steps", steps);
        parameters.put("cfg_scale", cfg);
        parameters.put("sampler_name", sampler);
        parameters.put("batch_size", body.path("batch_size").asInt(1));
        parameters.put("n_iter", body.path("n_iter").asInt(1));
        if (img2img) {
            // A1111 echoes parameters without the (large) input images.
            parameters.putNull("init_images");
            parameters.putNull("mask");
        }
        return Json.obj("images", images, "parameters", parameters, "info", Json.writeString(info));
    }

    /** pydantic v1-style type checks for the fields a worker is likely to get wrong. */
    private static Optional<SimResponse> checkTypes(ObjectNode body, boolean img2img) {
        for (String field : List.of("width", "height", "steps", "batch_size", "n_iter", "seed")) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull() && !value.isIntegralNumber()
                    && !(value.isTextual() && value.asText().matches("-?\\d+"))) {
                return Optional.of(validationError(field, "value is not a valid integer", "type_error.integer"));
            }
        }
        int width = body.path("width").asInt(512);
        int height = body.path("height").asInt(512);
        if (width < 64 || height < 64 || width > 4096 || height > 4096) {
            return Optional.of(apiError(500, "RuntimeError", "width and height must be between 64 and 4096"));
        }
        int count = body.path("batch_size").asInt(1) * body.path("n_iter").asInt(1);
        if (count < 1 || count > 16) {
            return Optional.of(apiError(500, "RuntimeError", "batch_size * n_iter must be between 1 and 16"));
        }
        if (img2img && (!body.path("init_images").isArray() || body.path("init_images").isEmpty())) {
            return Optional.of(validationError("init_images", "field required", "value_error.missing"));
        }
        return Optional.empty();
    }

    private SimResponse setOptions(SimRequest request) throws IOException {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        JsonNode body = Json.read(request.body());
        JsonNode checkpoint = body == null ? null : body.get("sd_model_checkpoint");
        if (checkpoint != null && checkpoint.isTextual()) {
            Optional<Checkpoint> match = Checkpoint.DEFAULTS.stream().filter(c -> c.matches(checkpoint.asText())).findFirst();
            if (match.isEmpty()) {
                return apiError(500, "RuntimeError", "model " + checkpoint.asText() + " not found");
            }
            current = match.get();
        }
        return SimResponse.json(200, Map.of());
    }

    private SimResponse guarded(SimRequest request, java.util.function.Supplier<SimResponse> answer) {
        return authenticate(request).orElseGet(answer);
    }

    /** A1111 has no rate limits or credits; these answers stand in for a proxy in front of it. */
    private static SimResponse refusal(Refusal refusal) {
        return switch (refusal.kind()) {
            case HANG -> SimResponse.hangForever();
            case INTERNAL_ERROR -> apiError(500, "OutOfMemoryError",
                    "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 23.65 GiB total capacity)");
            case UNAVAILABLE -> apiError(503, "HTTPException", "Service Unavailable");
            case RATE_LIMITED, TOO_MANY_CONCURRENT -> apiError(429, "HTTPException", "Too Many Requests");
            case INSUFFICIENT_CREDITS -> apiError(402, "HTTPException", "Payment Required");
        };
    }

    private static SimResponse apiError(int status, String error, String detail) {
        return SimResponse.json(status, Json.obj("error", error, "detail", detail, "body", "", "errors", ""));
    }

    private static SimResponse validationError(String field, String msg, String type) {
        return SimResponse.json(422, Map.of("detail", List.of(Json.obj("loc", List.of("body", field), "msg", msg,
                "type", type))));
    }

    /** No auth by default; a provider {@code api_key} of the form {@code user:pass} turns on HTTP Basic. */
    private Optional<SimResponse> authenticate(SimRequest request) {
        Behaviour behaviour = context.settings().providerLevel(PROVIDER);
        String expected = behaviour.apiKey();
        if (expected == null || expected.equals(Behaviour.ANY_KEY) || !expected.contains(":")) {
            return Optional.empty();
        }
        String header = request.header("Authorization");
        String presented = null;
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                presented = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                presented = null;
            }
        }
        if (expected.equals(presented)) {
            return Optional.empty();
        }
        request.recordFault("unauthenticated");
        return Optional.of(SimResponse.json(401, Map.of("detail", "Incorrect username or password"))
                .withHeader("WWW-Authenticate", "Basic"));
    }
}
