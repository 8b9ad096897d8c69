package io.imagequeue.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Gives every request an {@code x-request-id} (the caller's, when it sent a sane one) and echoes it. */
public class RequestIds {

    public static final String HEADER = "x-request-id";
    private static final String PROPERTY = "imagequeue.request-id";
    private static final SecureRandom RANDOM = new SecureRandom();

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = isAcceptable(given) ? given : newId();
        request.setProperty(PROPERTY, id);
        MDC.put("request_id", id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id.toString());
        }
        MDC.remove("request_id");
        MDC.remove(TaskTags.MDC_KEY);
    }

    private static boolean isAcceptable(String id) {
        return id != null && !id.isBlank() && id.length() <= 200 && id.chars().allMatch(c -> c > 32 && c < 127);
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }
}
