package io.imagequeue.model.error;

/** A request named a model that is neither an id nor an alias in the catalog: a 404 {@code model_not_found}. */
public class ModelNotFoundException extends RuntimeException implements ContractError {

    /** The {@code error.code} of this failure. */
    public static final String CODE = "model_not_found";

    private final String model;

    public ModelNotFoundException(String model) {
        super("The model '" + model + "' does not exist");
        this.model = model;
    }

    /** The name the request used, as given. */
    public String model() {
        return model;
    }

    @Override
    public ErrorType type() {
        return ErrorType.NOT_FOUND;
    }

    /** Always {@code model}. */
    @Override
    public String param() {
        return "model";
    }

    @Override
    public String code() {
        return CODE;
    }
}
