package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskStatus;
import java.util.Arrays;

/**
 * How a read of {@code GET /v2/tasks/{task_address}} may be cached. A task's document is fixed by
 * its state, so its weak {@code ETag} names the state ({@link TaskRecord#stateTag()}) and a client
 * polling with {@code If-None-Match} gets a 304 without the result being read again. A waiting or
 * running task must be revalidated on every read; a finished one never changes. The exception is a
 * result of presigned links: a read makes new links, so it carries no tag and is not kept.
 */
final class TaskCaching {

    /** Terminal documents: they never change, but retention deletes them after a while. */
    static final String FINISHED = "private, max-age=3600";
    static final String REVALIDATE = "private, no-cache";
    static final String LINKS = "private, no-store";
    /** Another key's copy must not be served: the document belongs to the key's tenant. */
    static final String VARY = "Authorization, x-api-key";

    private TaskCaching() {
    }

    /** The weak ETag of the task's document, or null where every read differs (presigned links). */
    static String etagOf(TaskRecord task, boolean linksInResult) {
        if (task.status() == TaskStatus.SUCCEEDED && linksInResult) {
            return null;
        }
        return "W/\"" + task.stateTag() + "\"";
    }

    static String cacheControlOf(TaskRecord task, boolean linksInResult) {
        if (!task.status().isTerminal()) {
            return REVALIDATE;
        }
        return task.status() == TaskStatus.SUCCEEDED && linksInResult ? LINKS : FINISHED;
    }

    /**
     * Whether {@code If-None-Match} names the current tag. Comparison is weak (RFC 9110 13.1.2): a
     * {@code W/} prefix on either side is ignored; {@code *} matches any current document.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        String opaque = opaque(etag);
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .anyMatch(candidate -> candidate.equals("*") || opaque(candidate).equals(opaque));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
