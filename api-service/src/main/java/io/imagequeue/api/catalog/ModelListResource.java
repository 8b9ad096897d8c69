package io.imagequeue.api.catalog;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.images.ImageGenerationResource;
import io.imagequeue.model.catalog.AspectRatios;
import io.imagequeue.model.catalog.Capability;
import io.imagequeue.model.catalog.FixedSizes;
import io.imagequeue.model.catalog.FreeDimensions;
import io.imagequeue.model.catalog.MegapixelPrices;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.catalog.SizeRule;
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
            + "keyed `<size>/<quality>` (`*` matches any). `sizes` lists only concrete `WxH` sizes (with `allows_auto` "
            + "where `auto` is accepted too); models with free dimensions describe them in `dimensions`, "
            + "aspect-ratio models list `aspect_ratios` and `image_sizes`. Models priced by resolution (FLUX.2) show "
            + "`price_per_megapixel` instead: `first` for the first megapixel, `additional` for each further one, "
            + "the pixel count rounded up to whole megapixels of `megapixel` pixels. `capabilities` says whether "
            + "the model makes images from text (`text_to_image`), edits them (`image_to_image`) or both; "
            + "`parameters` lists the optional fields it takes on `POST /v1/images/generations`.")
    @APIResponse(responseCode = "200", description = "The models", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "list", value = """
                    {"object": "list", "data": [{"id": "dall-e-3", "object": "model", "created": 1716076800,
                      "owned_by": "openai", "aliases": [], "sizes": ["1024x1024", "1024x1792", "1792x1024"], "allows_auto": false,
                      "max_n": 1,
                      "features": ["hd", "style", "prompt_revision"], "capabilities": ["text_to_image"],
                      "parameters": ["quality", "style"],
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
        putSizes(entry, model.sizeRule());
        entry.put("max_n", model.maxN());
        entry.put("features", model.features());
        entry.put("capabilities", model.capabilities().stream().map(Capability::wire).sorted().toList());
        // The optional fields this model takes on POST /v1/images/generations (provider routes may take more).
        entry.put("parameters", model.supportedParams().stream().filter(ImageGenerationResource.FIELDS::contains)
                .sorted().toList());
        if (model.megapixelPrices() == null) {
            entry.put("price_per_image", new LinkedHashMap<>(model.prices()));
        } else {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("first", model.megapixelPrices().first());
            rule.put("additional", model.megapixelPrices().additional());
            rule.put("megapixel", MegapixelPrices.PIXELS_PER_MEGAPIXEL);
            rule.put("rounding", "up");
            rule.put("input_images", "additional"); // each input image's megapixels, at the additional price
            entry.put("price_per_megapixel", Collections.unmodifiableMap(rule));
        }
        return Collections.unmodifiableMap(entry);
    }

    /**
     * {@code sizes} holds only concrete {@code WxH} values a client may send back (none for models
     * without a fixed list); free dimensions and aspect ratios are described by fields of their own.
     */
    private static void putSizes(Map<String, Object> entry, SizeRule rule) {
        switch (rule) {
            case FixedSizes fixed -> {
                entry.put("sizes", fixed.sizes());
                entry.put("allows_auto", fixed.allowsAuto());
            }
            case FreeDimensions free -> {
                entry.put("sizes", List.of());
                Map<String, Object> dimensions = new LinkedHashMap<>();
                dimensions.put("min", free.min());
                dimensions.put("max", free.max());
                dimensions.put("multiple_of", free.multipleOf());
                dimensions.put("default", free.defaultSize());
                entry.put("dimensions", Collections.unmodifiableMap(dimensions));
            }
            case AspectRatios ratios -> {
                entry.put("sizes", List.of());
                entry.put("aspect_ratios", ratios.ratios());
                entry.put("image_sizes", ratios.imageSizes());
            }
        }
    }
}
