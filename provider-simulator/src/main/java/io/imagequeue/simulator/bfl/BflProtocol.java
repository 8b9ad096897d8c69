package io.imagequeue.simulator.bfl;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.Refusal;
import io.imagequeue.simulator.core.SimulatorContext;
import io.imagequeue.simulator.core.UpstreamGate;
import io.imagequeue.simulator.delivery.ResultUrls;
import io.imagequeue.simulator.fault.Fault;
import io.imagequeue.simulator.fault.FaultKind;
import io.imagequeue.simulator.fault.FaultPlan;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.Router;
import io.imagequeue.simulator.http.SimRequest;
import io.imagequeue.simulator.http.SimResponse;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Black Forest Labs (FLUX): {@code POST /v1/flux-*} submits a task and answers {@code {id, polling_url}};
 * {@code GET /v1/get_result?id=} walks {@code Pending} → {@code Ready} (or a moderated / error status); the
 * {@code result.sample} URL is signed and expires. Auth is the {@code x-key} header on every call.
 */
public final class BflProtocol implements Protocol {

    public static final String PROVIDER = "bfl";
    static final ResultUrls.UrlStyle DELIVERY =
            new ResultUrls.UrlStyle(PROVIDER, "/delivery", "se", "sig", "AuthenticationFailed");
    private static final long SEED_BOUND = 1L << 31;
    private static final String DEFAULT_MODERATION_REASON = "Sexual Content";

    private final SimulatorContext context;
    private final BflTaskStore tasks = new BflTaskStore();
    private final BflSubmissionParser parser;
    private final BflWebhookSender webhooks = new BflWebhookSender();

    public BflProtocol(SimulatorContext context) {
        this.context = context;
        this.parser = new BflSubmissionParser(() -> context.randomSeed(SEED_BOUND));
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void register(Router router) {
        router.add("GET", "/v1/get_result", PROVIDER, CallKind.POLL, this::poll);
        router.add("GET", "/v1/credits", PROVIDER, CallKind.META, this::credits);
        router.add("POST", "/v1/{endpoint:flux-[A-Za-z0-9._-]+}", PROVIDER, CallKind.GENERATE, this::submit);
        context.resultUrls().register(router, DELIVERY);
    }

    @Override
    public void reset() {
        tasks.clear();
    }

    private SimResponse submit(SimRequest request) {
        String endpoint = request.pathParam("endpoint");
        request.recordModel(endpoint);
        Optional<SimResponse> denied = authenticate(request, endpoint);
        if (denied.isPresent()) {
            return denied.get();
        }
        JsonNode body;
        try {
            body = Json.read(request.body());
        } catch (IOException e) {
            return FastApiErrors.single("json_invalid", List.of("body", 0), "JSON decode error", Map.of());
        }
        BflSubmissionParser.Result parsed = parser.parse(endpoint, body);
        if (parsed.errors() != null) {
            request.recordFault("invalid-body");
            return parsed.errors().toResponse();
        }
        BflSubmission submission = parsed.submission();
        FaultPlan plan = FaultPlan.parse(submission.prompt(), request.header(FaultPlan.HEADER));
        long now = context.nowMs();
        UpstreamGate.Decision decision = context.gate().check(PROVIDER, endpoint, plan,
                SimulatorContext.failKey(PROVIDER, endpoint, submission.prompt(), request), now);
        if (decision.refused()) {
            request.recordFault(decision.refusal().cause());
            return refusal(decision.refusal());
        }
        if (!plan.isEmpty()) {
            request.recordFault(plan.describe());
        }
        BflTask task = createTask(submission, plan, decision.latencyMs(), now);
        if (task.fate == BflTask.Fate.STUCK) {
            decision.permit().holdUntil(Long.MAX_VALUE);
        } else {
            decision.permit().holdUntil(task.finishesAtMs);
        }
        tasks.put(task);
        if (submission.webhookUrl() != null) {
            if (task.fate != BflTask.Fate.STUCK) {
                webhooks.deliverWhenFinished(task, () -> resultJson(task, task.finishesAtMs), now);
            }
            return SimResponse.json(200, Json.obj("id", task.id, "status", "Pending",
                    "webhook_url", submission.webhookUrl(), "cost", cost(submission),
                    "input_mp", 0, "output_mp", submission.outputMegapixels()));
        }
        return SimResponse.json(200, Json.obj("id", task.id,
                "polling_url", context.publicBaseUrl() + "/v1/get_result?id=" + task.id,
                "cost", cost(submission), "input_mp", 0, "output_mp", submission.outputMegapixels()));
    }

    private BflTask createTask(BflSubmission submission, FaultPlan plan, long latencyMs, long now) {
        BflTask.Fate fate = BflTask.Fate.READY;
        String reason = null;
        if (plan.has(FaultKind.MODERATE_INPUT)) {
            fate = BflTask.Fate.REQUEST_MODERATED;
            reason = plan.get(FaultKind.MODERATE_INPUT).map(Fault::value).orElse(null);
        } else if (plan.has(FaultKind.MODERATE_OUTPUT)) {
            fate = BflTask.Fate.CONTENT_MODERATED;
            reason = plan.get(FaultKind.MODERATE_OUTPUT).map(Fault::value).orElse(null);
        } else if (plan.has(FaultKind.TASK_ERROR)) {
            fate = BflTask.Fate.ERROR;
        } else if (plan.has(FaultKind.STUCK)) {
            fate = BflTask.Fate.STUCK;
        }
        // Input moderation happens before generation, so it is visible at once and frees the slot at once.
        long finishesAt = fate == BflTask.Fate.REQUEST_MODERATED ? now : now + latencyMs;
        int notFoundPolls = Math.max(context.settings().bflNotFoundPolls(),
                (int) plan.get(FaultKind.POLL_NOT_FOUND).map(f -> f.longValue(1)).orElse(0L).longValue());
        return new BflTask(UUID.randomUUID().toString(), submission, fate,
                reason == null ? DEFAULT_MODERATION_REASON : reason, plan.has(FaultKind.MALFORMED),
                now, finishesAt, notFoundPolls);
    }

    private SimResponse poll(SimRequest request) {
        Optional<SimResponse> denied = authenticate(request, null);
        if (denied.isPresent()) {
            return denied.get();
        }
        String id = request.query("id");
        if (id == null) {
            return FastApiErrors.single("missing", List.of("query", "id"), "Field required", null);
        }
        long now = context.nowMs();
        Optional<BflTask> found = tasks.find(id, now);
        if (found.isEmpty()) {
            request.recordFault("unknown-id");
            return taskNotFound();
        }
        BflTask task = found.get();
        request.recordModel(task.submission.endpoint());
        if (task.takeNotFoundPoll()) {
            request.recordFault("poll-not-found");
            return taskNotFound();
        }
        Map<String, Object> result = resultJson(task, now);
        if (task.malformedResult && "Ready".equals(result.get("status"))) {
            request.recordFault("malformed");
            return SimulatorContext.malformed(SimResponse.json(200, result));
        }
        return SimResponse.json(200, result);
    }

    /** The {@code ResultResponse} a poll (or the webhook) shows at the given time. */
    private Map<String, Object> resultJson(BflTask task, long now) {
        if (task.fate == BflTask.Fate.REQUEST_MODERATED) {
            return status(task, "Request Moderated", null, null, moderationDetails(task));
        }
        if (!task.finishedAt(now)) {
            return status(task, "Pending", null, task.progressAt(now), null);
        }
        return switch (task.fate) {
            case CONTENT_MODERATED -> status(task, "Content Moderated", null, null, moderationDetails(task));
            case ERROR -> status(task, "Error", null, null,
                    Map.of("error", "Generation failed due to an internal error. Please try again."));
            default -> status(task, "Ready", readyResult(task), null, null);
        };
    }

    private Map<String, Object> readyResult(BflTask task) {
        String sample = task.sampleUrl(() -> context.resultUrls().issue(DELIVERY, task.submission.endpoint(),
                task.renderSpec(), context.settings().resultTtlSeconds()));
        // Epoch seconds with millisecond fraction, written plainly (a double would print as 1.7E9).
        BigDecimal start = BigDecimal.valueOf(task.createdAtMs, 3);
        BigDecimal end = BigDecimal.valueOf(task.finishesAtMs, 3);
        return Json.obj("sample", sample, "prompt", task.submission.prompt(), "seed", task.submission.seed(),
                "start_time", start, "end_time", end, "duration", end.subtract(start));
    }

    private static Map<String, Object> status(BflTask task, String status, Object result, Double progress,
                                              Object details) {
        return Json.obj("id", task.id, "status", status, "result", result, "progress", progress,
                "details", details, "preview", null);
    }

    private static Map<String, Object> moderationDetails(BflTask task) {
        return Map.of("Moderation Reasons", List.of(task.moderationReason));
    }

    private SimResponse credits(SimRequest request) {
        return authenticate(request, null).orElseGet(() -> SimResponse.json(200, Map.of("credits", 1000.0)));
    }

    private Optional<SimResponse> authenticate(SimRequest request, String endpoint) {
        String key = request.header("x-key");
        Behaviour behaviour = context.settings().effective(PROVIDER, endpoint);
        if (key == null || key.isBlank()) {
            request.recordFault("unauthenticated");
            return Optional.of(SimResponse.json(403, Map.of("detail", "Not authenticated")));
        }
        if (!behaviour.acceptsKey(key)) {
            request.recordFault("invalid-key");
            return Optional.of(SimResponse.json(403, Map.of("detail", "Invalid API key")));
        }
        return Optional.empty();
    }

    private static SimResponse refusal(Refusal refusal) {
        return switch (refusal.kind()) {
            case HANG -> SimResponse.hangForever();
            case INSUFFICIENT_CREDITS -> SimResponse.json(402, Map.of("detail",
                    "Insufficient credits. Please purchase more credits to continue."));
            case INTERNAL_ERROR -> SimResponse.json(500, Map.of("detail", "Internal Server Error"));
            case UNAVAILABLE -> SimResponse.json(503, Map.of("detail",
                    "Service temporarily unavailable due to high load. Please retry later."));
            case RATE_LIMITED -> withRetryAfter(SimResponse.json(429, Map.of("detail",
                    "Rate limit exceeded. Please slow down your requests.")), refusal);
            case TOO_MANY_CONCURRENT -> withRetryAfter(SimResponse.json(429, Map.of("detail",
                    "You have reached the maximum number of active tasks (" + refusal.limit()
                            + "). Wait for a task to finish before submitting a new one.")), refusal);
        };
    }

    private static SimResponse withRetryAfter(SimResponse response, Refusal refusal) {
        return refusal.retryAfterSeconds() == null ? response
                : response.withHeader("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
    }

    private static SimResponse taskNotFound() {
        return SimResponse.json(404, Map.of("status", "Task not found"));
    }

    /** Approximate list prices in credits (1 credit = $0.01), for adapters that log {@code cost}. */
    private static double cost(BflSubmission submission) {
        String endpoint = submission.endpoint();
        if (endpoint.startsWith("flux-2")) {
            return Math.round(3.0 * Math.max(1.0, submission.outputMegapixels()) * 10) / 10.0;
        }
        return switch (endpoint) {
            case "flux-pro-1.1-ultra" -> 6.0;
            case "flux-kontext-max" -> 8.0;
            case "flux-dev" -> 2.5;
            case "flux-pro" -> 5.0;
            default -> 4.0;
        };
    }
}
