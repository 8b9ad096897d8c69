-- The OpenAI Files and Batch APIs: uploaded JSONL files (their bytes live in the object store) and
-- batches of image requests, each line of which becomes a task carrying its batch and custom_id.

create table files (
    id           text primary key,
    tenant_id    text not null references tenants (id),
    purpose      text not null,
    filename     text not null,
    bytes        bigint not null,
    line_count   integer not null,
    object_key   text not null,
    created_at   timestamptz not null default now(),
    constraint files_purpose_known check (purpose in ('batch', 'batch_output'))
);
-- Lists are newest first, with the id as the tie-breaker of the cursor.
create index files_by_tenant on files (tenant_id, created_at desc, id desc);

create table batches (
    id                 text primary key,
    tenant_id          text not null references tenants (id),
    api_key_id         uuid,
    endpoint           text not null,
    input_file_id      text not null,
    completion_window  text not null,
    status             text not null default 'validating',
    metadata           jsonb,
    errors             jsonb,
    output_file_id     text,
    error_file_id      text,
    total              integer not null default 0,
    completed          integer not null default 0,
    failed             integer not null default 0,
    created_at         timestamptz not null default now(),
    in_progress_at     timestamptz,
    expires_at         timestamptz not null,
    finalizing_at      timestamptz,
    completed_at       timestamptz,
    failed_at          timestamptz,
    expired_at         timestamptz,
    cancelling_at      timestamptz,
    cancelled_at       timestamptz,
    -- Whoever drives the batch (validation, expansion, finalization) holds it under a lease, so a
    -- process killed mid-step leaves it to another once the lease ran out.
    lease_owner        text,
    lease_until        timestamptz,
    -- Expansion's progress: the input lines up to this one are tasks or line errors. A driver that
    -- resumes starts after it; the lines since (a crash between a task and this mark) are replayed
    -- by their idempotency key into the same task.
    expanded_lines     integer not null default 0,
    expanded_at        timestamptz,
    constraint batches_status_known check (status in ('validating', 'failed', 'in_progress', 'finalizing',
                                                      'completed', 'expired', 'cancelling', 'cancelled'))
);
create index batches_by_tenant on batches (tenant_id, created_at desc, id desc);
-- The driver looks for batches that are not terminal.
create index batches_active on batches (lease_until) where status in ('validating', 'in_progress', 'finalizing', 'cancelling');

-- A batch line is a task; the unique key makes expansion idempotent: a line inserted twice (a
-- driver killed mid-expansion and resumed by another) is one task.
alter table tasks add column batch_id text, add column custom_id text;
create unique index tasks_batch_line on tasks (batch_id, custom_id) where batch_id is not null;

-- A line whose request the synchronous endpoint refuses (a bad size, an unknown model, too few
-- credits) is no task: it is answered in the error file with the endpoint's status and error body.
create table batch_line_errors (
    batch_id     text not null references batches (id) on delete cascade,
    custom_id    text not null,
    line         integer not null,
    status_code  integer not null,
    body         jsonb not null,
    primary key (batch_id, custom_id)
);
