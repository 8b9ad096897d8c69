package io.imagequeue.api.http;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.errors.ErrorResponses;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.model.error.ErrorType;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body over its endpoint's limit ({@link BodyLimits}) from its {@code Content-Length},
 * before a byte of it is read, with the contract's 413.
 *
 * <p>A chunked body declares no length, so the HTTP layer can only count it as it arrives; it counts
 * against {@value #COUNTED_LIMIT} in the request's routing context, which Quarkus sets to the
 * server's absolute cap ({@code quarkus.http.limits.max-body-size}, as large as a batch input file).
 * This filter lowers that to the endpoint's own limit, so only {@code POST /v1/files} may stream
 * that much.
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

    /** The routing-context key under which Quarkus' body readers find the most a chunked body may carry. */
    static final String COUNTED_LIMIT = "io.quarkus.max-request-size";

    @ServerRequestFilter(preMatching = true)
    public Response checkDeclaredLength(ContainerRequestContext request, RoutingContext routing) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String declared = request.getHeaderString("Content-Length");
        if (declared == null) {
            routing.put(COUNTED_LIMIT, limitOf(request.getUriInfo().getPath()));
            return null;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return null; // the HTTP layer rejects a malformed length itself
        }
        long limit = limitOf(request.getUriInfo().getPath());
        if (length <= limit) {
            return null;
        }
        return ErrorResponses.of(new ApiException(ErrorType.PAYLOAD_TOO_LARGE, "request_too_large", null,
                "The request body is " + length + " bytes; this endpoint takes at most " + limit + " bytes."));
    }

    private long limitOf(String path) {
        return path.equals("/v1/files") ? fileLimit : Endpoints.carriesImages(path) ? imageLimit : textLimit;
    }
}
