package io.imagequeue.api.auth;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.errors.ErrorResponses;
import io.imagequeue.model.error.ErrorType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.HexFormat;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API call by {@code Authorization: Bearer <key>} or {@code x-api-key: <key>}.
 * Health, metrics and the OpenAPI document stay open; {@code /admin} has its own credential
 * ({@code AdminTokenFilter}).
 *
 * <p>A missing or unknown key is a 401; a key that exists but was revoked or ran out is a 403
 * ({@code permission_error}): the caller is known, it is just no longer allowed in.
 */
public class ApiKeyFilter {

    private final ApiKeyRepository keys;
    private final Caller caller;
    private final VerifiedKeys verified;

    public ApiKeyFilter(ApiKeyRepository keys, Caller caller, VerifiedKeys verified) {
        this.keys = keys;
        this.caller = caller;
        this.verified = verified;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (isOpen(request.getUriInfo().getPath())) {
            return Uni.createFrom().nullItem();
        }
        String key = presentedKey(request);
        if (key == null) {
            return reject("You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
        }
        if (!ApiKeys.isPlausible(key)) {
            return reject("Incorrect API key provided.");
        }
        String cacheKey = HexFormat.of().formatHex(ApiKeys.hash(key));
        AuthenticatedKey cached = verified.find(cacheKey);
        if (cached != null) {
            caller.authenticate(cached);
            return Uni.createFrom().nullItem();
        }
        return keys.findByPrefix(ApiKeys.prefix(key)).map(found -> {
            if (found.isEmpty() || !ApiKeys.hashMatches(key, found.get().hash())) {
                return ErrorResponses.of(ApiException.unauthenticated("Incorrect API key provided."));
            }
            ApiKeyRepository.StoredKey stored = found.get();
            if (stored.revoked()) {
                return ErrorResponses.of(ErrorType.PERMISSION, "revoked_api_key", "This API key has been revoked.");
            }
            if (stored.expired()) {
                return ErrorResponses.of(ErrorType.PERMISSION, "expired_api_key", "This API key has expired.");
            }
            AuthenticatedKey authenticated = new AuthenticatedKey(stored.keyId(), stored.tenantId(), stored.allowedModels());
            verified.remember(cacheKey, authenticated, stored.expiresAtEpochMillis());
            caller.authenticate(authenticated);
            return null;
        });
    }

    private static boolean isOpen(String path) {
        return path.startsWith("/q/") || path.equals("/q") || path.equals("/") || path.startsWith("/ui")
                || path.equals("/admin") || path.startsWith("/admin/");
    }

    private static String presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String apiKey = request.getHeaderString("x-api-key");
        return apiKey == null ? null : apiKey.trim();
    }

    private static Uni<Response> reject(String message) {
        return Uni.createFrom().item(ErrorResponses.of(ApiException.unauthenticated(message)));
    }
}
