package io.imagequeue.worker.tasks;

/**
 * The credits and key slot a task gives back when it ends, as SQL to append to the statement that
 * ends it, so both commit together or not at all.
 *
 * <p>The statement must start with a CTE named {@code ended} returning the task's {@code id},
 * {@code tenant_id}, {@code api_key_id}, {@code credit_reserved} and {@code charge} (what it costs:
 * the images it produced times their unit price, at most what was reserved; 0 when it failed). The
 * ending update is guarded by the task's state, so it returns a row once per task; the ledger's
 * unique (task_id, kind) turns any second charge or release into an error that rolls back.
 */
final class TaskSettlement {

    /**
     * The CTEs after {@code ended}; the statement goes on with its own final {@code select}.
     *
     * <p>Lock order: the key's usage row before the tenant's row, the order the submit statement
     * takes them in, so that a submission and a task's end never deadlock. {@code settled} reads
     * {@code freed}, which makes PostgreSQL run {@code freed} first.
     */
    static final String AFTER_ENDED = """
            , freed as (
                update api_key_usage u set in_flight = u.in_flight - 1
                from ended e where u.key_id = e.api_key_id
                returning u.key_id
            ), settled as (
                update tenants t set balance = t.balance + e.credit_reserved - e.charge,
                                     reserved = t.reserved - e.credit_reserved
                from ended e where t.id = e.tenant_id and (select count(*) from freed) >= 0
            ), charge_row as (
                insert into credit_ledger (tenant_id, task_id, kind, amount)
                select tenant_id, id, 'charge', charge from ended where charge > 0
            ), release_row as (
                insert into credit_ledger (tenant_id, task_id, kind, amount)
                select tenant_id, id, 'release', credit_reserved - charge from ended where credit_reserved > charge
            )
            """;

    private TaskSettlement() {
    }
}
