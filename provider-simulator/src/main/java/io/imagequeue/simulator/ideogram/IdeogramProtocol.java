package io.imagequeue.simulator.ideogram;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.Refusal;
import io.imagequeue.simulator.core.SimulatorContext;
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
import io.imagequeue.simulator.render.Sizes;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Ideogram: v3 {@code POST /v1/ideogram-v3/generate} (multipart, JSON also accepted) and
 * {@code /generate-transparent}, plus legacy v2 {@code POST /generate} ({@code {"image_request": {...}}}).
 * Synchronous; results are simulator-served expiring URLs. Auth is the {@code Api-Key} header.
 */
public final class IdeogramProtocol implements Protocol {

    public static final String PROVIDER = "ideogram";
    static final ResultUrls.UrlStyle EPHEMERAL =
            new ResultUrls.UrlStyle(PROVIDER, "/ideogram-ephemeral", "exp", "signature", "AccessDenied");
    private static final List<String> SPEEDS = List.of("FLASH", "TURBO", "DEFAULT", "QUALITY");
    private static final List<String> MAGIC = List.of("AUTO", "ON", "OFF");
    private static final long SEED_BOUND = 2_147_483_647L;

    /** A validated generation. */
    private record Job(String model, String prompt, String magicPrompt, int width, int height, int count, long seed,
                       String styleType) {
    }

    private final SimulatorContext context;

    public IdeogramProtocol(SimulatorContext context) {
        this.context = context;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void register(Router router) {
        router.add("POST", "/v1/ideogram-v3/generate", PROVIDER, CallKind.GENERATE, request -> v3(request, false));
        router.add("POST", "/v1/ideogram-v3/generate-transparent", PROVIDER, CallKind.GENERATE, request -> v3(request, true));
        router.add("POST", "/generate", PROVIDER, CallKind.GENERATE, this::legacy);
        context.resultUrls().register(router, EPHEMERAL);
    }

    private SimResponse v3(SimRequest request, boolean transparent) throws InterruptedException {
        request.recordModel(transparent ? "ideogram-v3-transparent" : "ideogram-v3");
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        Function<String, String> field;
        if (MultipartForm.isMultipart(request.contentType())) {
            MultipartForm form;
            try {
                form = MultipartForm.parse(request.contentType(), request.body());
            } catch (IllegalArgumentException e) {
                return error(400, "Invalid multipart body: " + e.getMessage());
            }
            field = form::text;
        } else {
            // Some clients send JSON and the service accepts it (UNCONFIRMED as supported).
            JsonNode body;
            try {
                body = Json.read(request.body());
            } catch (IOException e) {
                return error(400, "Request body must be multipart/form-data or JSON.");
            }
            field = name -> body.hasNonNull(name) ? body.get(name).asText() : null;
        }
        String prompt = field.apply("prompt");
        if (prompt == null || prompt.isBlank()) {
            return error(400, "prompt is required");
        }
        String speed = Optional.ofNullable(field.apply("rendering_speed")).orElse("DEFAULT");
        if (!SPEEDS.contains(speed)) {
            return error(400, "rendering_speed must be one of " + SPEEDS);
        }
        if (transparent && speed.equals("FLASH")) {
            return error(400, "rendering_speed FLASH is not supported for transparent generation");
        }
        String magic = Optional.ofNullable(field.apply("magic_prompt")).orElse("AUTO");
        if (!MAGIC.contains(magic)) {
            return error(400, "magic_prompt must be one of " + MAGIC);
        }
        String resolution = field.apply("resolution");
        String ratio = field.apply("aspect_ratio");
        if (resolution != null && ratio != null) {
            return error(400, "resolution and aspect_ratio cannot both be set");
        }
        int[] size;
        if (resolution != null) {
            Optional<Sizes.Ratio> parsed = Sizes.parseRatio(resolution, 'x');
            if (parsed.isEmpty() || parsed.get().width() < 256 || parsed.get().height() < 256
                    || parsed.get().width() > 2048 || parsed.get().height() > 2048) {
                return error(400, "resolution must be WxH between 256 and 2048 pixels per side");
            }
            size = new int[]{parsed.get().width(), parsed.get().height()};
        } else {
            Optional<Sizes.Ratio> parsed = Sizes.parseRatio(ratio == null ? "1x1" : ratio, 'x');
            if (parsed.isEmpty() || parsed.get().value() > 3.0001 || parsed.get().value() < 1 / 3.0001) {
                return error(400, "aspect_ratio must be WxH between 1x3 and 3x1");
            }
            ImageProbe.Dimensions dims = Sizes.forRatio(parsed.get().value(), 1024L * 1024, 16);
            size = new int[]{dims.width(), dims.height()};
        }
        Object count = count(field.apply("num_images"));
        if (count instanceof SimResponse e) {
            return e;
        }
        Object seed = seed(field.apply("seed"));
        if (seed instanceof SimResponse e) {
            return e;
        }
        Job job = new Job(transparent ? "ideogram-v3-transparent" : "ideogram-v3", prompt, magic, size[0], size[1],
                (Integer) count, (Long) seed, Optional.ofNullable(field.apply("style_type")).orElse("GENERAL"));
        return generate(request, job);
    }

    private SimResponse legacy(SimRequest request) throws InterruptedException {
        Optional<SimResponse> denied = authenticate(request);
        if (denied.isPresent()) {
            return denied.get();
        }
        JsonNode body;
        try {
            body = Json.read(request.body());
        } catch (IOException e) {
            return error(400, "Request body must be JSON.");
        }
        JsonNode imageRequest = body == null ? null : body.get("image_request");
        if (imageRequest == null || !imageRequest.isObject()) {
            return error(400, "image_request is required");
        }
        String model = imageRequest.path("model").asText("V_2");
        request.recordModel(model);
        String prompt = imageRequest.path("prompt").asText("");
        if (prompt.isBlank()) {
            return error(400, "image_request.prompt is required");
        }
        String ratioText = imageRequest.path("aspect_ratio").asText("ASPECT_1_1");
        Optional<Sizes.Ratio> ratio = Optional.of(ratioText).filter(r -> r.startsWith("ASPECT_"))
                .flatMap(r -> Sizes.parseRatio(r.substring("ASPECT_".length()), '_'));
        if (ratio.isEmpty()) {
            return error(400, "image_request.aspect_ratio is not a valid aspect ratio");
        }
        ImageProbe.Dimensions dims = Sizes.forRatio(ratio.get().value(), 1024L * 1024, 16);
        Object count = count(imageRequest.hasNonNull("num_images") ? imageRequest.get("num_images").asText() : null);
        if (count instanceof SimResponse e) {
            return e;
        }
        Object seed = seed(imageRequest.hasNonNull("seed") ? imageRequest.get("seed").asText() : null);
        if (seed instanceof SimResponse e) {
            return e;
        }
        Job job = new Job(model, prompt, imageRequest.path("magic_prompt_option").asText("AUTO"), dims.width(),
                dims.height(), (Integer) count, (Long) seed, imageRequest.path("style_type").asText("GENERAL"));
        return generate(request, job);
    }

    private SimResponse generate(SimRequest request, Job job) throws InterruptedException {
        FaultPlan plan = FaultPlan.parse(job.prompt(), request.header(FaultPlan.HEADER));
        return context.generateSync(request, PROVIDER, job.model(), job.prompt(), plan, IdeogramProtocol::refusal, () -> {
            if (plan.has(FaultKind.MODERATE_INPUT)) {
                return error(422, "Prompt or provided image failed the safety checks");
            }
            boolean unsafe = plan.has(FaultKind.MODERATE_OUTPUT);
            String shownPrompt = job.magicPrompt().equals("OFF") ? job.prompt()
                    : job.prompt() + ". The scene is rendered with crisp detail, balanced composition and soft light.";
            List<Map<String, Object>> data = new ArrayList<>();
            for (int i = 0; i < job.count(); i++) {
                Map<String, Object> item = Json.obj();
                if (!unsafe) {
                    // Unsafe outputs come without a URL (UNCONFIRMED upstream; adapters must not assume one).
                    RenderSpec spec = RenderSpec.of(shownPrompt, job.seed() + i, job.width(), job.height(), ImageFormat.PNG);
                    item.put("url", context.resultUrls().issue(EPHEMERAL, job.model(), spec,
                            context.settings().resultTtlSeconds()));
                }
                item.put("prompt", shownPrompt);
                item.put("resolution", job.width() + "x" + job.height());
                item.put("is_image_safe", !unsafe);
                item.put("seed", job.seed() + i);
                item.put("style_type", job.styleType());
                data.add(item);
            }
            String created = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(context.nowMs()), ZoneOffset.UTC));
            return SimResponse.json(200, Json.obj("created", created, "data", data));
        });
    }

    private static Object count(String text) {
        try {
            int count = text == null ? 1 : Integer.parseInt(text.trim());
            return count >= 1 && count <= 8 ? count : error(400, "num_images must be between 1 and 8");
        } catch (NumberFormatException e) {
            return error(400, "num_images must be an integer");
        }
    }

    private Object seed(String text) {
        try {
            long seed = text == null ? context.randomSeed(SEED_BOUND) : Long.parseLong(text.trim());
            return seed >= 0 && seed <= SEED_BOUND ? seed : error(400, "seed must be between 0 and 2147483647");
        } catch (NumberFormatException e) {
            return error(400, "seed must be an integer");
        }
    }

    private static SimResponse refusal(Refusal refusal) {
        return switch (refusal.kind()) {
            case HANG -> SimResponse.hangForever();
            case INSUFFICIENT_CREDITS -> error(402, "Insufficient credits. Please top up your balance.");
            case INTERNAL_ERROR -> error(500, "Internal server error");
            case UNAVAILABLE -> error(503, "Service temporarily unavailable");
            case RATE_LIMITED, TOO_MANY_CONCURRENT -> error(429, "Too many requests. Please slow down or reduce the "
                    + "number of concurrent requests.");
        };
    }

    private static SimResponse error(int status, String message) {
        return SimResponse.json(status, Map.of("error", message));
    }

    private Optional<SimResponse> authenticate(SimRequest request) {
        String key = request.header("Api-Key");
        Behaviour behaviour = context.settings().providerLevel(PROVIDER);
        if (!behaviour.acceptsKey(key)) {
            request.recordFault(key == null || key.isBlank() ? "unauthenticated" : "invalid-key");
            return Optional.of(error(401, "Unauthorized: invalid or missing Api-Key"));
        }
        return Optional.empty();
    }
}
