-- The core of imagequeue: tenants and their API keys, tasks, the images they produced,
-- and the transactional outbox that carries tasks to Kafka.

create table tenants (
    id          text primary key,
    name        text not null,
    created_at  timestamptz not null default now()
);

-- Keys are stored only as a SHA-256 hash; the prefix (the first characters of the key,
-- not secret on their own) finds the row without scanning.
create table api_keys (
    id          uuid primary key,
    tenant_id   text not null references tenants (id),
    prefix      text not null,
    key_hash    bytea not null,
    label       text,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    constraint api_keys_prefix_unique unique (prefix)
);

-- One row per task: the source of truth for its state. Kafka only carries the task's id.
create table tasks (
    id                text primary key,
    tenant_id         text not null references tenants (id),
    endpoint          text not null,
    model             text not null,
    priority          text not null default 'interactive',
    status            text not null default 'queued',
    request           jsonb not null,
    error             jsonb,
    attempts          integer not null default 0,
    max_attempts      integer not null,
    lease_owner       text,
    lease_until       timestamptz,
    not_before        timestamptz,
    deadline_at       timestamptz not null,
    idempotency_key   text,
    request_hash      text,
    created_at        timestamptz not null default now(),
    started_at        timestamptz,
    completed_at      timestamptz,
    updated_at        timestamptz not null default now(),
    constraint tasks_status_known check (status in ('queued', 'running', 'succeeded', 'failed', 'canceled', 'expired')),
    constraint tasks_priority_known check (priority in ('interactive', 'batch')),
    constraint tasks_attempts_not_negative check (attempts >= 0)
);

-- Polling reads by primary key; a tenant's idempotency keys are unique among its tasks.
create unique index tasks_idempotency_key on tasks (tenant_id, idempotency_key) where idempotency_key is not null;
-- The reaper looks for running tasks whose lease ran out.
create index tasks_running_lease on tasks (lease_until) where status = 'running';
-- Queue depth and oldest queued task per model (metrics, autoscaling).
create index tasks_queued_by_model on tasks (model, created_at) where status = 'queued';

-- The images a task produced, as object-store keys: bytes never live in the database.
create table task_images (
    task_id         text not null references tasks (id) on delete cascade,
    idx             integer not null,
    object_key      text not null,
    content_type    text not null,
    width           integer,
    height          integer,
    byte_size       bigint not null,
    revised_prompt  text,
    created_at      timestamptz not null default now(),
    primary key (task_id, idx)
);

-- Transactional outbox: written in the same transaction as the task (or its re-queue), published
-- to Kafka after commit, deleted once the broker acknowledged it. A relay republishes rows left
-- behind (broker down, process crash) once they are due.
create table task_outbox (
    id            bigserial primary key,
    task_id       text not null,
    topic         text not null,
    payload       bytea not null,
    available_at  timestamptz not null default now(),
    created_at    timestamptz not null default now()
);

-- The relay reads due rows in order.
create index task_outbox_due on task_outbox (available_at);
