package io.imagequeue.api.errors;

import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.error.InvalidRequestException;
import io.imagequeue.model.error.ModelNotFoundException;
import io.imagequeue.objectstore.ObjectStoreException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.Map;
import org.hibernate.HibernateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into the contract's error shape. Unknown failures become a 500 whose body
 * never names a Java class or carries a stack trace; the log keeps the details.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final Map<String, String> RETRY_SOON = Map.of("Retry-After", "5");

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return ErrorResponses.of(e);
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return ErrorResponses.of(ApiException.invalid(e.param(), e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response modelNotFound(ModelNotFoundException e) {
        return ErrorResponses.of(new ApiException(ErrorType.NOT_FOUND, "model_not_found", "model", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return ErrorResponses.of(ErrorType.NOT_FOUND, "unknown_url", "Unknown request URL.");
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        return ErrorResponses.withStatus(405, ErrorType.INVALID_REQUEST, "method_not_allowed",
                "Method not allowed for this URL.");
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return ErrorResponses.of(ErrorType.UNSUPPORTED_MEDIA_TYPE, "unsupported_content_type",
                "Unsupported Content-Type; send application/json.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return ErrorResponses.of(ErrorType.PAYLOAD_TOO_LARGE, "request_too_large", "The request body is too large.");
        }
        if (status >= 400 && status < 500) {
            return ErrorResponses.withStatus(status, ErrorType.INVALID_REQUEST, "invalid_request",
                    "The request could not be processed.");
        }
        LOG.errorf(e, "unexpected HTTP failure %d", status);
        return ErrorResponses.of(ErrorType.SERVER, "internal_error", "The server had an error processing the request.");
    }

    @ServerExceptionMapper
    public Response storageDown(ObjectStoreException e) {
        LOG.warnf("object store unavailable: %s", e.getMessage());
        return ErrorResponses.of(new ApiException(ErrorType.UNAVAILABLE, "storage_unavailable", null,
                "The object store is unavailable; try again shortly.", RETRY_SOON, Map.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.getMessage());
            return ErrorResponses.of(new ApiException(ErrorType.UNAVAILABLE, "database_unavailable", null,
                    "The database is unavailable; try again shortly.", RETRY_SOON, Map.of()));
        }
        LOG.error("unexpected failure", e);
        return ErrorResponses.of(ErrorType.SERVER, "internal_error", "The server had an error processing the request.");
    }

    private static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof VertxException && t.getMessage() != null
                    && t.getMessage().contains("Connection")) {
                return true;
            }
            if (t instanceof PgException pg) {
                return pg.getSqlState() != null && pg.getSqlState().startsWith("08") || "57P01".equals(pg.getSqlState());
            }
            if (t instanceof HibernateException && t.getCause() == null
                    && t.getMessage() != null && t.getMessage().contains("connection")) {
                return true;
            }
        }
        return false;
    }
}
