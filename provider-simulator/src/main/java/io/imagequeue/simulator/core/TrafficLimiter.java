package io.imagequeue.simulator.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enforces {@code rate_limit_per_minute}, {@code max_concurrent} and {@code lockout_seconds} per provider account
 * and, when a model has its own values, per model as well. One lock guards all scopes: the simulator's throughput
 * needs are modest and a single lock makes "check both scopes, then admit in both" atomic.
 */
public final class TrafficLimiter {

    private static final long WINDOW_MS = 60_000;

    private final Map<String, Scope> scopes = new HashMap<>();

    /** The outcome of an admission attempt: a permit, or the refusal to render. */
    public record Admission(Permit permit, Refusal refusal) {
        public boolean admitted() {
            return permit != null;
        }
    }

    public synchronized Admission tryAdmit(String provider, String model, Behaviour providerLevel,
                                           Behaviour modelOverride, long nowMs) {
        Scope providerScope = scopes.computeIfAbsent(provider, k -> new Scope());
        Scope modelScope = model == null ? null : scopes.computeIfAbsent(provider + "/" + model, k -> new Scope());
        Optional<Refusal> refusal = providerScope.check(providerLevel, nowMs);
        if (refusal.isEmpty() && modelScope != null) {
            refusal = modelScope.check(modelOverride, nowMs);
        }
        if (refusal.isPresent()) {
            return new Admission(null, refusal.get());
        }
        Permit permit = new Permit();
        providerScope.admit(permit, nowMs);
        if (modelScope != null) {
            modelScope.admit(permit, nowMs);
        }
        return new Admission(permit, null);
    }

    /** Generation calls admitted for the provider account in the last 60 s, and when the oldest of them leaves. */
    public record WindowUsage(int used, long oldestExpiresAtMs) {
    }

    public synchronized WindowUsage windowUsage(String provider, long nowMs) {
        Scope scope = scopes.get(provider);
        if (scope == null) {
            return new WindowUsage(0, nowMs);
        }
        scope.prune(nowMs);
        Long oldest = scope.admissions.peekFirst();
        return new WindowUsage(scope.admissions.size(), oldest == null ? nowMs : oldest + WINDOW_MS);
    }

    public synchronized void clear() {
        scopes.clear();
    }

    private static final class Scope {
        private final Deque<Long> admissions = new ArrayDeque<>();
        private final List<Permit> permits = new ArrayList<>();
        private long lockedUntilMs;

        Optional<Refusal> check(Behaviour limits, long nowMs) {
            prune(nowMs);
            int lockout = limits.lockoutSeconds() == null ? 0 : limits.lockoutSeconds();
            Integer perMinute = limits.rateLimitPerMinute();
            if (nowMs < lockedUntilMs) {
                return Optional.of(new Refusal(Refusal.Kind.RATE_LIMITED, ceilSeconds(lockedUntilMs - nowMs),
                        "rate-limit-lockout", perMinute));
            }
            if (perMinute != null && perMinute > 0 && admissions.size() >= perMinute) {
                long retryAfter;
                if (lockout > 0) {
                    lockedUntilMs = nowMs + lockout * 1000L;
                    retryAfter = lockout;
                } else {
                    retryAfter = ceilSeconds(admissions.peekFirst() + WINDOW_MS - nowMs);
                }
                return Optional.of(new Refusal(Refusal.Kind.RATE_LIMITED, retryAfter, "rate-limit", perMinute));
            }
            Integer maxConcurrent = limits.maxConcurrent();
            if (maxConcurrent != null && maxConcurrent > 0 && permits.size() >= maxConcurrent) {
                long soonest = permits.stream().mapToLong(Permit::releaseAtMs).min().orElse(Long.MAX_VALUE);
                long retryAfter = soonest == Long.MAX_VALUE ? 1 : ceilSeconds(soonest - nowMs);
                return Optional.of(new Refusal(Refusal.Kind.TOO_MANY_CONCURRENT, retryAfter, "concurrency", maxConcurrent));
            }
            return Optional.empty();
        }

        void admit(Permit permit, long nowMs) {
            admissions.addLast(nowMs);
            permits.add(permit);
        }

        private void prune(long nowMs) {
            while (!admissions.isEmpty() && admissions.peekFirst() <= nowMs - WINDOW_MS) {
                admissions.pollFirst();
            }
            permits.removeIf(p -> !p.activeAt(nowMs));
        }

        private static long ceilSeconds(long millis) {
            return Math.max(1, (millis + 999) / 1000);
        }
    }
}
