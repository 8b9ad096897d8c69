package io.imagequeue.api.admin;

import io.imagequeue.api.config.ApiConfig;
import io.imagequeue.api.errors.ErrorResponses;
import io.imagequeue.model.error.ErrorType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /admin} with the operators' token ({@code IMAGEQUEUE_ADMIN_TOKEN}) sent as
 * {@code Authorization: Bearer <token>}. Without a configured token the admin API does not exist
 * (404): a deployment never has a default credential. Tokens are compared by their SHA-256 digests
 * with {@link MessageDigest#isEqual}, which takes the same time whatever matches and whatever the
 * lengths, so timing tells an attacker nothing about the token.
 */
public class AdminTokenFilter {

    private final Optional<byte[]> tokenDigest;

    public AdminTokenFilter(ApiConfig config) {
        this.tokenDigest = config.admin().token().filter(token -> !token.isBlank()).map(AdminTokenFilter::digest);
    }

    @ServerRequestFilter
    public Response authorize(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return null;
        }
        if (tokenDigest.isEmpty()) {
            return ErrorResponses.of(ErrorType.NOT_FOUND, "not_found", "Not found.");
        }
        String authorization = request.getHeaderString("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(digest(presented), tokenDigest.get())) {
            return ErrorResponses.of(ErrorType.AUTHENTICATION, "invalid_admin_token",
                    "This endpoint needs the admin token as 'Authorization: Bearer <token>'.");
        }
        return null;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
