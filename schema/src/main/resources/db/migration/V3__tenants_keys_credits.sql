-- Issue 7: per-key limits and permissions, credits with an append-only ledger, and retention.

-- Credits of a tenant. balance is what it can still spend; reserved is what its unfinished tasks
-- hold back (their worst-case cost). A submission moves its cost from balance to reserved; the end
-- of the task moves it out of reserved again (charged, or released back to balance). Both columns
-- change only in the same transaction as a credit_ledger row, so the ledger explains every cent.
alter table tenants
    add column balance   numeric(14, 4) not null default 0,
    add column reserved  numeric(14, 4) not null default 0,
    add constraint tenants_balance_not_negative check (balance >= 0),
    add constraint tenants_reserved_not_negative check (reserved >= 0);

-- Per-key settings. Null limits fall back to the service's configured defaults; a null
-- allowed_models allows every model, otherwise it holds canonical catalog ids.
alter table api_keys
    add column requests_per_minute  integer,
    add column max_in_flight        integer,
    add column allowed_models       text[],
    add constraint api_keys_rpm_positive check (requests_per_minute is null or requests_per_minute > 0),
    add constraint api_keys_in_flight_positive check (max_in_flight is null or max_in_flight > 0);

-- The per-key limit state, shared by every API replica. One row per key, updated by the submit
-- statement with insert … on conflict do update, which works on the newest row version under a row
-- lock: concurrent submissions of one key are counted one after the other, exactly, on any replica.
--  window_start/window_count: a fixed one-minute window of accepted submissions.
--  in_flight: the key's tasks that are queued or running. A counter rather than a count(*) of
--    tasks, because a count in the submit statement would read a snapshot taken before a
--    concurrent submission committed and let both through; the counter is read under the row lock.
--    Every terminal transition (succeed, fail, cancel, reaper) decrements it in its own transaction.
create table api_key_usage (
    key_id        uuid primary key references api_keys (id) on delete cascade,
    window_start  timestamptz not null,
    window_count  integer not null,
    in_flight     integer not null,
    constraint api_key_usage_in_flight_not_negative check (in_flight >= 0)
);

-- What a task holds of its tenant's credits, and which key submitted it (for the in-flight count).
-- credit_reserved is the worst case (price × n); credit_unit_price prices the images actually made.
alter table tasks
    add column api_key_id          uuid,
    add column credit_unit_price   numeric(14, 4) not null default 0,
    add column credit_reserved     numeric(14, 4) not null default 0,
    add column objects_deleted_at  timestamptz;

-- The credit ledger: append-only, one row per movement. Amounts are positive; the kind says which
-- way they went. A task has at most one row of each kind, so a duplicate delivery, a retried
-- transaction or a race between a worker and a cancel can never charge or release twice.
create table credit_ledger (
    id          bigserial primary key,
    tenant_id   text not null references tenants (id),
    task_id     text,
    kind        text not null,
    amount      numeric(14, 4) not null,
    note        text,
    created_at  timestamptz not null default now(),
    constraint credit_ledger_kind_known check (kind in ('reserve', 'charge', 'release', 'top_up')),
    constraint credit_ledger_amount_not_negative check (amount >= 0),
    constraint credit_ledger_top_up_has_no_task check ((kind = 'top_up') = (task_id is null)),
    constraint credit_ledger_once_per_task unique (task_id, kind)
);

-- A tenant's ledger by time: the admin view and the usage report read it.
create index credit_ledger_tenant_created on credit_ledger (tenant_id, created_at);

-- The retention sweeper looks for finished tasks whose objects are still stored, oldest first.
create index tasks_retention_due on tasks (completed_at)
    where objects_deleted_at is null and status in ('succeeded', 'failed', 'canceled');
