package io.imagequeue.api.http;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.errors.ErrorResponses;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.model.error.ErrorType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body over its endpoint's limit ({@link BodyLimits}) from its {@code Content-Length},
 * before a byte of it is read, with the contract's 413.
 */
public class BodySizeFilter {

    private final long textLimit;
    private final long imageLimit;
    private final long fileLimit;

    public BodySizeFilter(BodyLimits limits) {
        this.textLimit = limits.maxTextRequestBody().asLongValue();
        this.imageLimit = limits.maxImageRequestBody().asLongValue();
        this.fileLimit = limits.maxFileRequestBody().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkDeclaredLength(ContainerRequestContext request) {
        String declared = request.getHeaderString("Content-Length");
        if (declared == null || !"POST".equals(request.getMethod())) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return null; // the HTTP layer rejects a malformed length itself
        }
        String path = request.getUriInfo().getPath();
        long limit = path.equals("/v1/files") ? fileLimit : Endpoints.carriesImages(path) ? imageLimit : textLimit;
        if (length <= limit) {
            return null;
        }
        return ErrorResponses.of(new ApiException(ErrorType.PAYLOAD_TOO_LARGE, "request_too_large", null,
                "The request body is " + length + " bytes; this endpoint takes at most " + limit + " bytes."));
    }
}
