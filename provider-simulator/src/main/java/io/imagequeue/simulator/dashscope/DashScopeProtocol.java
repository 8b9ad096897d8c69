package io.imagequeue.simulator.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.SimulatorContext;
import io.imagequeue.simulator.core.UpstreamGate;
import io.imagequeue.simulator.delivery.ResultUrls;
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
import io.imagequeue.simulator.render.Sizes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alibaba DashScope (Qwen-Image): the async task API ({@code POST .../text2image/image-synthesis} with
 * {@code X-DashScope-Async: enable}, then {@code GET /api/v1/tasks/{id}} walking PENDING → RUNNING → SUCCEEDED or
 * FAILED, UNKNOWN for unknown ids) and the sync {@code multimodal-generation} API used for generation and editing.
 * Result URLs are simulator-served, OSS-style signed and expiring.
 */
public final class DashScopeProtocol implements Protocol {

    public static final String PROVIDER = "dashscope";
    static final ResultUrls.UrlStyle OSS =
            new ResultUrls.UrlStyle(PROVIDER, "/dashscope-results", "Expires", "Signature", "AccessDenied");
    private static final String ASYNC_PATH = "/api/v1/services/aigc/text2image/image-synthesis";
    private static final String SYNC_PATH = "/api/v1/services/aigc/multimodal-generation/generation";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.ofHours(8));
    private static final long TASK_RETENTION_MS = 24L * 60 * 60 * 1000;
    private static final long SEED_BOUND = 2_147_483_647L;

    private final SimulatorContext context;
    private final Map<String, DashScopeTask> tasks = new ConcurrentHashMap<>();

    public DashScopeProtocol(SimulatorContext context) {
        this.context = context;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void register(Router router) {
        router.add("POST", ASYNC_PATH, PROVIDER, CallKind.GENERATE, this::submit);
        router.add("GET", "/api/v1/tasks/{id}", PROVIDER, CallKind.POLL, this::poll);
        router.add("POST", "/api/v1/tasks/{id}/cancel", PROVIDER, CallKind.META, this::cancel);
        router.add("POST", SYNC_PATH, PROVIDER, CallKind.GENERATE, this::generateSync);
        context.resultUrls().register(router, OSS);
    }

    @Override
    public void reset() {
        tasks.clear();
    }

    /** The validated parts of a request common to both APIs. */
    private record Job(String model, String prompt, int width, int height, int n, long seed, boolean promptExtend) {
        String actualPrompt() {
            return promptExtend ? prompt + ", highly detailed, natural lighting, sharp focus, rich colours" : prompt;
        }
    }

    private SimResponse submit(SimRequest request) {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        if (!"enable".equalsIgnoreCase(request.header("X-DashScope-Async"))) {
            request.recordFault("missing-async-header");
            return DashScopeErrors.error(403, "AccessDenied", "current user api does not support synchronous calls");
        }
        ValidatedBody<Job> validated = ValidatedBody.read(request, DashScopeProtocol::notJson,
                body -> validateTextToImage(request, body), Job.class);
        if (validated.rejected()) {
            return validated.error();
        }
        Job job = validated.job();
        FaultPlan plan = FaultPlan.parse(job.prompt(), request.header(FaultPlan.HEADER));
        long now = context.nowMs();
        UpstreamGate.Decision decision = context.gate().check(PROVIDER, job.model(), plan,
                SimulatorContext.failKey(PROVIDER, job.model(), job.prompt(), request), now);
        if (decision.refused()) {
            request.recordFault(decision.refusal().cause());
            return DashScopeErrors.refusal(decision.refusal());
        }
        if (!plan.isEmpty()) {
            request.recordFault(plan.describe());
        }
        if (plan.has(FaultKind.MODERATE_INPUT)) {
            decision.permit().close();
            return DashScopeErrors.dataInspectionFailed("Input");
        }
        DashScopeTask.Fate fate = plan.has(FaultKind.MODERATE_OUTPUT) ? DashScopeTask.Fate.OUTPUT_MODERATED
                : plan.has(FaultKind.TASK_ERROR) ? DashScopeTask.Fate.ERROR
                : plan.has(FaultKind.STUCK) ? DashScopeTask.Fate.STUCK : DashScopeTask.Fate.SUCCEEDED;
        DashScopeTask task = new DashScopeTask(UUID.randomUUID().toString(), job.model(), job.prompt(),
                job.actualPrompt(), job.width(), job.height(), job.n(), job.seed(), fate, plan.has(FaultKind.MALFORMED),
                now, decision.latencyMs(), decision.permit());
        decision.permit().holdUntil(fate == DashScopeTask.Fate.STUCK ? Long.MAX_VALUE : task.finishesAtMs);
        tasks.put(task.id, task);
        tasks.values().removeIf(t -> t.submittedAtMs < now - TASK_RETENTION_MS);
        return SimResponse.json(200, Json.obj("output", Json.obj("task_status", "PENDING", "task_id", task.id),
                "request_id", DashScopeErrors.requestId()));
    }

    private SimResponse poll(SimRequest request) {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        String id = request.pathParam("id");
        DashScopeTask task = tasks.get(id);
        long now = context.nowMs();
        if (task == null) {
            request.recordFault("unknown-id");
            return SimResponse.json(200, Json.obj("request_id", DashScopeErrors.requestId(),
                    "output", Json.obj("task_id", id, "task_status", "UNKNOWN")));
        }
        request.recordModel(task.model);
        String status = task.statusAt(now);
        Map<String, Object> output = Json.obj("task_id", task.id, "task_status", status,
                "submit_time", TIME.format(Instant.ofEpochMilli(task.submittedAtMs)));
        if (!status.equals("PENDING")) {
            output.put("scheduled_time", TIME.format(Instant.ofEpochMilli(task.scheduledAtMs)));
        }
        Map<String, Object> body = Json.obj("request_id", DashScopeErrors.requestId(), "output", output);
        switch (status) {
            case "SUCCEEDED" -> {
                output.put("end_time", TIME.format(Instant.ofEpochMilli(task.finishesAtMs)));
                List<Map<String, Object>> results = new ArrayList<>();
                for (String url : task.urls(() -> issueUrls(task))) {
                    Map<String, Object> item = Json.obj("orig_prompt", task.prompt);
                    if (!task.actualPrompt.equals(task.prompt)) {
                        item.put("actual_prompt", task.actualPrompt);
                    }
                    item.put("url", url);
                    results.add(item);
                }
                output.put("results", results);
                output.put("task_metrics", Json.obj("TOTAL", task.n, "SUCCEEDED", task.n, "FAILED", 0));
                body.put("usage", Json.obj("image_count", task.n));
            }
            case "FAILED" -> {
                output.put("end_time", TIME.format(Instant.ofEpochMilli(task.finishesAtMs)));
                boolean moderated = task.fate == DashScopeTask.Fate.OUTPUT_MODERATED;
                output.put("code", moderated ? "DataInspectionFailed" : "InternalError.Algo");
                output.put("message", moderated ? "Output data may contain inappropriate content."
                        : "An internal error occurred during image generation.");
            }
            default -> { }
        }
        SimResponse response = SimResponse.json(200, body);
        if (task.malformedResult && status.equals("SUCCEEDED")) {
            request.recordFault("malformed");
            return SimulatorContext.malformed(response);
        }
        return response;
    }

    private List<String> issueUrls(DashScopeTask task) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < task.n; i++) {
            urls.add(context.resultUrls().issue(OSS, task.model, task.renderSpec(i), context.settings().resultTtlSeconds()));
        }
        return urls;
    }

    private SimResponse cancel(SimRequest request) {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        DashScopeTask task = tasks.get(request.pathParam("id"));
        if (task == null || !task.cancel(context.nowMs())) {
            return DashScopeErrors.error(400, "UnsupportedOperation",
                    "Failed to cancel the task, please confirm if the task is in PENDING status.");
        }
        request.recordModel(task.model);
        return SimResponse.json(200, Json.obj("request_id", DashScopeErrors.requestId()));
    }

    private SimResponse generateSync(SimRequest request) throws InterruptedException {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        if ("enable".equalsIgnoreCase(request.header("X-DashScope-Async"))) {
            request.recordFault("async-header-on-sync-api");
            return DashScopeErrors.error(403, "AccessDenied", "current user api does not support asynchronous calls");
        }
        ValidatedBody<Job> validated = ValidatedBody.read(request, DashScopeProtocol::notJson,
                body -> validateMultimodal(request, body), Job.class);
        if (validated.rejected()) {
            return validated.error();
        }
        Job job = validated.job();
        FaultPlan plan = FaultPlan.parse(job.prompt(), request.header(FaultPlan.HEADER));
        return context.generateSync(request, PROVIDER, job.model(), job.prompt(), plan, DashScopeErrors::refusal, () -> {
            if (plan.has(FaultKind.MODERATE_INPUT)) {
                return DashScopeErrors.dataInspectionFailed("Input");
            }
            if (plan.has(FaultKind.MODERATE_OUTPUT)) {
                return DashScopeErrors.dataInspectionFailed("Output");
            }
            if (plan.has(FaultKind.TASK_ERROR)) {
                return DashScopeErrors.error(500, "InternalError.Algo", "An internal error occurred during image generation.");
            }
            List<Map<String, Object>> content = new ArrayList<>();
            for (int i = 0; i < job.n(); i++) {
                RenderSpec spec = RenderSpec.of(job.actualPrompt(), job.seed() + i, job.width(), job.height(), ImageFormat.PNG);
                content.add(Json.obj("image", context.resultUrls().issue(OSS, job.model(), spec,
                        context.settings().resultTtlSeconds())));
            }
            return SimResponse.json(200, Json.obj(
                    "output", Json.obj("choices", List.of(Json.obj("finish_reason", "stop",
                            "message", Json.obj("role", "assistant", "content", content)))),
                    "usage", Json.obj("width", job.width(), "height", job.height(), "image_count", job.n()),
                    "request_id", DashScopeErrors.requestId()));
        });
    }

    private static SimResponse notJson() {
        return DashScopeErrors.invalidParameter("Request body is not valid JSON.");
    }

    /** The body's model, recorded on the call; or the 400 to answer when the body is no object or names none. */
    private static Object checkedModel(SimRequest request, JsonNode body) {
        if (body == null || !body.isObject()) {
            return DashScopeErrors.invalidParameter("Request body must be a JSON object.");
        }
        String model = text(body.get("model"));
        if (model == null || model.isBlank()) {
            return DashScopeErrors.error(400, "BadRequest.EmptyModel", "Required parameter(s) missing or invalid, "
                    + "please check the request parameters: model.");
        }
        request.recordModel(model);
        return model;
    }

    /** Returns a {@link Job} or the 400 to answer. */
    private Object validateTextToImage(SimRequest request, JsonNode body) {
        Object checked = checkedModel(request, body);
        if (!(checked instanceof String model)) {
            return checked;
        }
        JsonNode input = body.get("input");
        String prompt = input == null ? null : text(input.get("prompt"));
        if (prompt == null || prompt.isBlank()) {
            return DashScopeErrors.error(400, "BadRequest.EmptyInput", "Required input parameter missing from request.");
        }
        return validateParameters(model, prompt, body.get("parameters"), Optional.empty(), false);
    }

    private Object validateMultimodal(SimRequest request, JsonNode body) {
        Object checked = checkedModel(request, body);
        if (!(checked instanceof String model)) {
            return checked;
        }
        JsonNode messages = body.at("/input/messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return DashScopeErrors.error(400, "BadRequest.EmptyInput", "Required input parameter missing from request.");
        }
        JsonNode content = messages.get(messages.size() - 1).get("content");
        if (content == null || !content.isArray()) {
            return DashScopeErrors.invalidParameter("The content of the message must be a list.");
        }
        List<String> texts = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode item : content) {
            if (item.hasNonNull("text")) {
                texts.add(item.get("text").asText());
            } else if (item.hasNonNull("image")) {
                images.add(item.get("image").asText());
            }
        }
        if (texts.size() != 1) {
            return DashScopeErrors.invalidParameter("The content must contain exactly one text item, got " + texts.size() + ".");
        }
        boolean editing = model.contains("edit");
        if (editing && (images.isEmpty() || images.size() > 3)) {
            return DashScopeErrors.invalidParameter("The number of input images must be between 1 and 3.");
        }
        for (String image : images) {
            if (!image.startsWith("http://") && !image.startsWith("https://") && !image.startsWith("data:image/")) {
                return DashScopeErrors.invalidParameter("The image url is invalid: it must be an http(s) URL or a "
                        + "data:image/...;base64 URI.");
            }
        }
        Optional<ImageProbe.Dimensions> lastInput = images.isEmpty() ? Optional.empty()
                : ImageProbe.dimensionsOfBase64(images.get(images.size() - 1));
        return validateParameters(model, texts.get(0), body.get("parameters"), lastInput, editing);
    }

    private Object validateParameters(String model, String prompt, JsonNode parameters,
                                      Optional<ImageProbe.Dimensions> lastInput, boolean editing) {
        JsonNode params = parameters == null || parameters.isNull() ? Json.MAPPER.createObjectNode() : parameters;
        String size = text(params.get("size"));
        int n = params.hasNonNull("n") ? params.get("n").asInt(-1) : 1;
        int[] wh;
        if (DashScopeSizes.hasFixedSizes(model)) {
            if (n != 1) {
                return DashScopeErrors.invalidParameter("The parameter n must be 1 for model " + model + ".");
            }
            String chosen = size == null ? DashScopeSizes.QWEN_DEFAULT : size;
            if (!DashScopeSizes.QWEN_FIXED.contains(chosen)) {
                return DashScopeErrors.invalidParameter("The size is not match the allowed size "
                        + DashScopeSizes.QWEN_FIXED + ", got '" + chosen + "'.");
            }
            wh = DashScopeSizes.parse(chosen).orElseThrow();
        } else if (model.equals("qwen-image-edit")) {
            if (size != null) {
                return DashScopeErrors.invalidParameter("The parameter size is not supported by qwen-image-edit.");
            }
            if (n != 1) {
                return DashScopeErrors.invalidParameter("The parameter n must be 1 for model qwen-image-edit.");
            }
            wh = followInput(lastInput);
        } else {
            if (n < 1 || n > 6) {
                return DashScopeErrors.invalidParameter("The parameter n must be between 1 and 6.");
            }
            if (size == null) {
                wh = editing ? followInput(lastInput) : new int[]{1328, 1328};
            } else {
                Optional<int[]> parsed = DashScopeSizes.parse(size);
                if (parsed.isEmpty()) {
                    return DashScopeErrors.invalidParameter("The size format is invalid, expected width*height, got '"
                            + size + "'.");
                }
                if (!DashScopeSizes.freeSizeAllowed(parsed.get())) {
                    return DashScopeErrors.invalidParameter("The size must be between 512*512 and 2048*2048 pixels.");
                }
                wh = parsed.get();
            }
        }
        long seed = params.hasNonNull("seed") ? params.get("seed").asLong() : context.randomSeed(SEED_BOUND);
        if (seed < 0 || seed > SEED_BOUND) {
            return DashScopeErrors.invalidParameter("The parameter seed must be between 0 and 2147483647.");
        }
        String negative = text(params.get("negative_prompt"));
        if (negative != null && negative.length() > 500) {
            return DashScopeErrors.invalidParameter("The negative_prompt must not exceed 500 characters.");
        }
        boolean promptExtend = !params.hasNonNull("prompt_extend") || params.get("prompt_extend").asBoolean(true);
        // Prompts longer than 800 characters are truncated by the service.
        String usedPrompt = prompt.length() > 800 ? prompt.substring(0, 800) : prompt;
        return new Job(model, usedPrompt, wh[0], wh[1], n, seed, promptExtend);
    }

    /** Editing keeps the last input image's shape at about one megapixel (unknown shape: square). */
    private static int[] followInput(Optional<ImageProbe.Dimensions> input) {
        if (input.isEmpty()) {
            return new int[]{1024, 1024};
        }
        ImageProbe.Dimensions dims = Sizes.forRatio((double) input.get().width() / input.get().height(), 1024L * 1024, 16);
        return new int[]{dims.width(), dims.height()};
    }

    private Optional<SimResponse> authenticate(SimRequest request) {
        String header = request.header("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (key == null || key.isEmpty()) {
            request.recordFault("unauthenticated");
            return Optional.of(DashScopeErrors.error(401, "InvalidApiKey", "No API-key provided."));
        }
        Behaviour behaviour = context.settings().providerLevel(PROVIDER);
        if (!behaviour.acceptsKey(key)) {
            request.recordFault("invalid-key");
            return Optional.of(DashScopeErrors.error(401, "InvalidApiKey", "Invalid API-key provided."));
        }
        return Optional.empty();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
