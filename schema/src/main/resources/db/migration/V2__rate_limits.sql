-- Global per-model rate limits, shared by every worker replica. One row per model holds its limits
-- (written by the workers at start-up from the catalog and configuration) and the time until which
-- an upstream 429 blocked it. Acquiring a permit locks this row, so permits are granted one worker
-- at a time and the counts below are exact.
create table rate_limit_buckets (
    model                 text primary key,
    requests_per_minute   integer not null,
    max_concurrent        integer not null,
    blocked_until         timestamptz,
    updated_at            timestamptz not null default now(),
    constraint rate_limit_buckets_rpm_positive check (requests_per_minute > 0),
    constraint rate_limit_buckets_concurrency_positive check (max_concurrent > 0)
);

-- Every upstream call granted, for the sliding 60-second window: a permit is granted only while
-- fewer than requests_per_minute calls were granted in the window. A call's time is moved to the
-- moment it is really sent (later, never earlier), so the provider never sees more than the limit
-- in any window however long a worker took between the grant and the call.
create table rate_limit_calls (
    permit_id   uuid not null,
    model       text not null,
    granted_at  timestamptz not null default clock_timestamp()
);

-- Counting the window reads the newest calls of one model.
create index rate_limit_calls_window on rate_limit_calls (model, granted_at);
-- Marking a call sent, or refunding an unused one, finds it by its permit.
create index rate_limit_calls_permit on rate_limit_calls (permit_id);

-- Calls in flight, for the concurrency limit. A row expires on its own when its worker died
-- without releasing it; live workers extend it with their task leases.
create table rate_limit_inflight (
    permit_id   uuid primary key,
    model       text not null,
    task_id     text,
    expires_at  timestamptz not null
);

-- Counting in-flight calls reads one model's unexpired rows.
create index rate_limit_inflight_model on rate_limit_inflight (model, expires_at);

-- A tenant's tasks by age: usage and listing read them.
create index tasks_tenant_created on tasks (tenant_id, created_at);
