package io.imagequeue.model.error;

/**
 * A request the contract rejects with 400 {@code invalid_request_error}, naming the parameter at
 * fault.
 */
public class InvalidRequestException extends RuntimeException implements ContractError {

    /** A required field is absent or blank. */
    public static final String MISSING_REQUIRED_PARAMETER = "missing_required_parameter";
    /** A field's value is outside what the contract or the model allows. */
    public static final String INVALID_VALUE = "invalid_value";
    /** {@code size}, {@code aspect_ratio}, {@code width} or {@code height} is not one the model allows. */
    public static final String INVALID_SIZE = "invalid_size";
    /** {@code n} is outside 1..10 or above the model's own limit. */
    public static final String INVALID_N = "invalid_n";
    /** The prompt (or negative prompt) is longer than the model allows. */
    public static final String PROMPT_TOO_LONG = "prompt_too_long";
    /** The model does not take this parameter at all. */
    public static final String UNSUPPORTED_PARAMETER = "unsupported_parameter";

    private final String param;
    private final String code;

    /**
     * @param param the request field at fault (snake case), or null
     * @param code one of the constants of this class, or another stable snake-case code
     * @param message the human-readable message returned to the client
     */
    public InvalidRequestException(String param, String code, String message) {
        super(message);
        this.param = param;
        this.code = code;
    }

    /** {@code Missing required parameter: 'prompt'.} */
    public static InvalidRequestException missing(String param) {
        return new InvalidRequestException(param, MISSING_REQUIRED_PARAMETER,
                "Missing required parameter: '" + param + "'.");
    }

    /** {@code Parameter 'style' is not supported by model 'flux-dev'.} */
    public static InvalidRequestException unsupported(String param, String modelId) {
        return new InvalidRequestException(param, UNSUPPORTED_PARAMETER,
                "Parameter '" + param + "' is not supported by model '" + modelId + "'.");
    }

    /** An {@link #INVALID_VALUE} with the given message. */
    public static InvalidRequestException invalidValue(String param, String message) {
        return new InvalidRequestException(param, INVALID_VALUE, message);
    }

    @Override
    public ErrorType type() {
        return ErrorType.INVALID_REQUEST;
    }

    @Override
    public String param() {
        return param;
    }

    @Override
    public String code() {
        return code;
    }
}
