package io.imagequeue.api.admission;

import io.imagequeue.api.limits.KeyQuota;
import io.imagequeue.api.limits.Refusal;
import io.imagequeue.api.tasks.TaskRecord;

/**
 * What submitting a task did: created it (with its outbox row and credit reservation), found the
 * task the tenant already made with the same idempotency key, or refused it (a per-key limit, or
 * too few credits). A refusal moved no counter and wrote nothing.
 */
public sealed interface Admission {

    /** @param payload the job record to publish; the outbox row holds the same bytes */
    record Created(long outboxId, byte[] payload, KeyQuota quota) implements Admission {
    }

    record Replayed(TaskRecord existing) implements Admission {
    }

    record Refused(Refusal refusal) implements Admission {
    }
}
