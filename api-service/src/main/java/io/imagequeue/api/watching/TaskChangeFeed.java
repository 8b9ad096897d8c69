package io.imagequeue.api.watching;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the change notifications of the replica's listening connection (see
 * {@code TaskCompletions}) to the open event streams that asked for them: by task address (its
 * status or progress changed) and by lane (a task left the queue, so the positions behind it moved).
 */
@ApplicationScoped
public class TaskChangeFeed {

    private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    public static String laneKey(String model, String lane) {
        return "lane:" + model + ":" + lane;
    }

    /** Calls {@code onChange} for every notification with this payload until the answer is run. */
    public Runnable subscribe(String payload, Runnable onChange) {
        listeners.computeIfAbsent(payload, key -> ConcurrentHashMap.newKeySet()).add(onChange);
        return () -> listeners.computeIfPresent(payload, (key, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    public void changed(String payload) {
        Set<Runnable> interested = listeners.get(payload);
        if (interested != null) {
            interested.forEach(Runnable::run);
        }
    }
}
