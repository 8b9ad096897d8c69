package io.imagequeue.api.auth;

import io.imagequeue.api.config.ApiConfig;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.errors.ErrorResponses;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every API call by {@code Authorization: Bearer <key>} or {@code x-api-key: <key>}.
 * Health, metrics and the OpenAPI document stay open.
 */
public class ApiKeyFilter {

    private static final int MAX_CACHED_KEYS = 10_000;

    private final ApiKeyRepository keys;
    private final Caller caller;
    private final long cacheTtlNanos;
    private final ConcurrentHashMap<String, CachedTenant> verified = new ConcurrentHashMap<>();

    private record CachedTenant(String tenantId, long validUntilNanos) {
    }

    public ApiKeyFilter(ApiKeyRepository keys, Caller caller, ApiConfig config) {
        this.keys = keys;
        this.caller = caller;
        this.cacheTtlNanos = config.auth().cacheTtl().toNanos();
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
        CachedTenant cached = verified.get(cacheKey);
        if (cached != null && cached.validUntilNanos() - System.nanoTime() > 0) {
            caller.authenticate(cached.tenantId());
            return Uni.createFrom().nullItem();
        }
        return keys.findByPrefix(ApiKeys.prefix(key)).map(found -> {
            if (found.isEmpty() || !ApiKeys.hashMatches(key, found.get().hash())) {
                return ErrorResponses.of(ApiException.unauthenticated("Incorrect API key provided."));
            }
            if (!found.get().usable()) {
                return ErrorResponses.of(ApiException.unauthenticated("This API key has been revoked or has expired."));
            }
            if (verified.size() > MAX_CACHED_KEYS) {
                verified.clear();
            }
            verified.put(cacheKey, new CachedTenant(found.get().tenantId(), System.nanoTime() + cacheTtlNanos));
            caller.authenticate(found.get().tenantId());
            return null;
        });
    }

    private static boolean isOpen(String path) {
        return path.startsWith("/q/") || path.equals("/q") || path.equals("/") || path.startsWith("/ui");
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
