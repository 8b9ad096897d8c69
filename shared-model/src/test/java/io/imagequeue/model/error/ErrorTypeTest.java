package io.imagequeue.model.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorTypeTest {

    @ParameterizedTest
    @CsvSource({
        "INVALID_REQUEST, invalid_request_error, 400",
        "AUTHENTICATION, authentication_error, 401",
        "INSUFFICIENT_QUOTA, insufficient_quota, 402",
        "PERMISSION, permission_error, 403",
        "NOT_FOUND, not_found_error, 404",
        "CONFLICT, conflict_error, 409",
        "PAYLOAD_TOO_LARGE, invalid_request_error, 413",
        "UNSUPPORTED_MEDIA_TYPE, invalid_request_error, 415",
        "RATE_LIMIT, rate_limit_error, 429",
        "SERVER, server_error, 500",
        "PROVIDER, provider_error, 502",
        "UNAVAILABLE, service_unavailable, 503",
        "TIMEOUT, timeout_error, 504",
    })
    void eachTypeCarriesTheContractsWireValueAndStatus(ErrorType type, String wire, int status) {
        assertThat(type.wire()).isEqualTo(wire);
        assertThat(type.status()).isEqualTo(status);
    }

    @Test
    void invalidRequestIsA400NamingItsParameterAndCode() {
        InvalidRequestException e = InvalidRequestException.unsupported("style", "flux-dev");
        assertThat(e.type()).isEqualTo(ErrorType.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo("style");
        assertThat(e.code()).isEqualTo("unsupported_parameter");
        assertThat(e.getMessage()).isEqualTo("Parameter 'style' is not supported by model 'flux-dev'.");
    }

    @Test
    void modelNotFoundIsA404OnTheModelParameter() {
        ContractError e = new ModelNotFoundException("x");
        assertThat(e.type()).isEqualTo(ErrorType.NOT_FOUND);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.code()).isEqualTo("model_not_found");
        assertThat(e.getMessage()).isEqualTo("The model 'x' does not exist");
    }
}
