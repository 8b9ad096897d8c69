package io.imagequeue.api.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.inputs.ImageSource;
import io.imagequeue.api.tasks.GenerationIntake;
import io.imagequeue.model.request.GenerationParams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The shape the GPT Image and Qwen generate/edit routes share: a JSON body checked against the
 * route's fields, read into parameters, and submitted (with an edit's {@code image}, and
 * {@code mask} where the route takes one), answering links to the stored images.
 */
@ApplicationScoped
class JsonImageRoutes {

    private final GenerationIntake intake;
    private final ObjectMapper json;

    JsonImageRoutes(GenerationIntake intake, ObjectMapper json) {
        this.intake = intake;
        this.json = json;
    }

    /** A generation route: prompt and parameters only. */
    Uni<Response> generate(Route route, byte[] rawBody, HttpHeaders headers) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(route.fields());
        return intake.submit(route.endpoint(), body, route.model(), route.params().apply(body), "url", headers);
    }

    /**
     * An edit route: {@code image} is required and read by {@code imageReader} (which decides whether
     * a URL is allowed); a {@code mask}, where the route's fields allow one, is base64.
     */
    Uni<Response> edit(Route route, byte[] rawBody, HttpHeaders headers, BiFunction<String, String, ImageSource> imageReader) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(route.fields());
        String image = body.string("image");
        ProviderFields.requireNotBlank(image, "image");
        String mask = route.fields().contains("mask") ? body.string("mask") : null;
        return intake.submit(route.endpoint(), body, route.model(), route.params().apply(body), "url",
                List.of(imageReader.apply(image, "image")),
                mask == null ? null : ProviderFields.base64Image(mask, "mask"), headers);
    }

    /** One route: its endpoint name, its model, the body fields it accepts and how they become parameters. */
    record Route(String endpoint, String model, Set<String> fields, Function<JsonBody, GenerationParams> params) {
    }
}
