package io.imagequeue.api.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.api.tasks.GenerationIntake;
import io.imagequeue.model.request.GenerationParams;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/** {@code POST /v2/image/flux/generate}: text to image on FLUX.2 [pro], answering base64 images. */
@Path(Endpoints.FLUX_GENERATE)
public class FluxResource {

    static final String MODEL = "black-forest-labs/FLUX-2-pro";
    private static final Set<String> FIELDS = Set.of("prompt", "width", "height", "seed", "safety_tolerance",
            "output_format", "async", "priority");

    private final GenerationIntake intake;
    private final ObjectMapper json;

    public FluxResource(GenerationIntake intake, ObjectMapper json) {
        this.intake = intake;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> generate(byte[] rawBody, @Context HttpHeaders headers) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(FIELDS);
        GenerationParams params = GenerationParams.builder()
                .prompt(body.string("prompt"))
                .width(orDefault(body.integer("width"), 1024))
                .height(orDefault(body.integer("height"), 1024))
                .seed(body.longInteger("seed"))
                .safetyTolerance(body.integer("safety_tolerance"))
                .outputFormat(body.string("output_format"))
                .build();
        return intake.submit(Endpoints.FLUX_GENERATE, body, MODEL, params, "b64_json", headers);
    }

    private static Integer orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
