package io.imagequeue.api.auth;

import io.imagequeue.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys this process verified recently, by the hex of their hash, so that most requests skip the
 * database. A revocation reaches this process at once (the admin API calls {@link #forget}) and
 * every other replica within {@code imagequeue.auth.cache-ttl}.
 */
@ApplicationScoped
public class VerifiedKeys {

    private static final int MAX_CACHED_KEYS = 10_000;

    private record Entry(AuthenticatedKey key, long validUntilNanos) {
    }

    private final ConcurrentHashMap<String, Entry> verified = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public VerifiedKeys(ApiConfig config) {
        this.ttlNanos = config.auth().cacheTtl().toNanos();
    }

    AuthenticatedKey find(String hashHex) {
        Entry entry = verified.get(hashHex);
        return entry != null && entry.validUntilNanos() - System.nanoTime() > 0 ? entry.key() : null;
    }

    /** @param expiresAtEpochMillis the key's expiry, or null: a key is never trusted past it */
    void remember(String hashHex, AuthenticatedKey key, Long expiresAtEpochMillis) {
        if (verified.size() > MAX_CACHED_KEYS) {
            verified.clear();
        }
        long trustNanos = ttlNanos;
        if (expiresAtEpochMillis != null) {
            trustNanos = Math.min(trustNanos, (expiresAtEpochMillis - System.currentTimeMillis()) * 1_000_000L);
        }
        if (trustNanos > 0) {
            verified.put(hashHex, new Entry(key, System.nanoTime() + trustNanos));
        }
    }

    /** Drops a key that was revoked or changed, so this process stops trusting it at once. */
    public void forget(UUID keyId) {
        verified.values().removeIf(entry -> entry.key().keyId().equals(keyId));
    }
}
