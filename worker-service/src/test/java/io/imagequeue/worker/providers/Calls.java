package io.imagequeue.worker.providers;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.request.GenerationParams;
import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.model.request.RequestValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test-data builder for {@link GenerationCall}s: the request goes through the real validator and
 * catalog, so adapters see exactly what a worker would hand them.
 */
public final class Calls {

    public static final ModelCatalog CATALOG = ModelCatalog.loadDefault();
    private static final RequestValidator VALIDATOR = new RequestValidator(CATALOG);

    private final String model;
    private GenerationParams.Builder params = GenerationParams.builder().prompt("a red fox in the snow");
    private final List<byte[]> inputImages = new ArrayList<>();
    private byte[] mask;
    private UnaryOperator<ModelSpec> modelChange = UnaryOperator.identity();

    private Calls(String model) {
        this.model = model;
    }

    /** A call for the catalog model with this id or alias, prompt "a red fox in the snow". */
    public static Calls aCallFor(String model) {
        return new Calls(model);
    }

    public Calls prompt(String prompt) {
        params.prompt(prompt);
        return this;
    }

    /** Any other request parameter, e.g. {@code p -> p.size("1792x1024").quality("hd")}. */
    public Calls with(UnaryOperator<GenerationParams.Builder> change) {
        params = change.apply(params);
        return this;
    }

    public Calls inputImage(byte[] image) {
        inputImages.add(image);
        return this;
    }

    public Calls mask(byte[] bytes) {
        this.mask = bytes;
        return this;
    }

    /** Swaps the catalog entry for a variant, e.g. a checkpoint the simulated server has. */
    public Calls model(UnaryOperator<ModelSpec> change) {
        this.modelChange = change;
        return this;
    }

    public GenerationCall build() {
        GenerationParams request = params.inputImageCount(inputImages.size()).hasMask(mask != null).build();
        NormalizedRequest normalized = VALIDATOR.validate(model, request);
        ModelSpec spec = modelChange.apply(CATALOG.resolve(model));
        return new GenerationCall("task-1", 1, spec, normalized, List.copyOf(inputImages), mask);
    }
}
