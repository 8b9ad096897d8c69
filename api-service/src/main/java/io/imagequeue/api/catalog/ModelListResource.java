package io.imagequeue.api.catalog;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/models}: the catalog as OpenAI's model list, with sizes, limits, features and prices, as far as the key may use it. */
@Path("/v1/models")
@Tag(name = "OpenAI-compatible")
public class ModelListResource {

    /**
     * OpenAI SDKs expect {@code created} on every model; the catalog has no dates, so every entry
     * carries the same fixed time (2024-05-19) rather than a changing one.
     */
    static final long CREATED = 1716076800L;

    private final List<Map<String, Object>> models;
    private final Caller caller;

    public ModelListResource(ModelCatalog catalog, Caller caller) {
        this.models = catalog.models().stream().map(ModelListResource::entry).toList();
        this.caller = caller;
    }

    @GET
    @NonBlocking // in memory; and the key check before it must run on the event loop
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the models", description = "Every catalog model the key may use, by its canonical id (aliases listed), "
            + "with the sizes it takes, the most images per request, its features and its price per image in US dollars, "
            + "keyed `<size>/<quality>` (`*` matches any).")
    @APIResponse(responseCode = "200", description = "The models", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "list", value = """
                    {"object": "list", "data": [{"id": "dall-e-3", "object": "model", "created": 1716076800,
                      "owned_by": "openai", "aliases": [], "sizes": ["1024x1024", "1024x1792", "1792x1024"], "max_n": 1,
                      "features": ["hd", "style", "prompt_revision"],
                      "price_per_image": {"1024x1024/standard": 0.04, "1024x1024/hd": 0.08}}]}""")))
    public Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        // A key limited to some models sees only those: it is told what it can use, not the whole catalog.
        body.put("data", models.stream().filter(model -> caller.mayUse((String) model.get("id"))).toList());
        return body;
    }

    private static Map<String, Object> entry(ModelSpec model) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", model.id());
        entry.put("object", "model");
        entry.put("created", CREATED);
        entry.put("owned_by", model.provider().ownedBy());
        entry.put("aliases", model.aliases());
        entry.put("sizes", model.sizeRule().advertisedSizes());
        entry.put("max_n", model.maxN());
        entry.put("features", model.features());
        entry.put("price_per_image", new LinkedHashMap<>(model.prices()));
        return Collections.unmodifiableMap(entry);
    }
}
