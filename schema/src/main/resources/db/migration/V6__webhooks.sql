-- Issue 14: webhooks. A task asks for them in its request (request->'webhook' = {"url", "events"});
-- every change of its status that it asked to hear about becomes a delivery row in the same
-- transaction as the change, written by the trigger below: no code path that moves a task (claim,
-- finish, cancel, reaper, retention) can forget it, a rolled-back change writes none, and tasks
-- without a webhook cost one jsonb key test in the trigger's WHEN clause.

-- The signing secrets are derived from the service's signing key, the tenant and a generation
-- (HMAC-SHA256), so no secret is stored. Rotating moves to the next generation; the previous one
-- keeps signing beside it until previous_valid_until.
create table webhook_signing (
    tenant_id             text primary key references tenants (id),
    generation            integer not null default 1,
    previous_generation   integer,
    previous_valid_until  timestamptz,
    rotated_at            timestamptz
);

-- One row per event of a task: the webhook id is fixed when the event happens, so every retry and
-- every redelivery carries the same one. status: pending (to send, next at next_attempt_at),
-- delivered, failed (retries spent, or the receiver answered 410). A 410 also sets gone, which stops
-- the task's later events.
create table webhook_deliveries (
    id               bigserial primary key,
    task_id          text not null references tasks (id) on delete cascade,
    tenant_id        text not null,
    event            text not null,
    webhook_id       text not null,
    url              text not null,
    occurred_at      timestamptz not null default now(),
    status           text not null default 'pending',
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_owner      text,
    lease_until      timestamptz,
    gone             boolean not null default false,
    finished_at      timestamptz,
    constraint webhook_deliveries_event_known check (event in ('started', 'succeeded', 'failed', 'canceled')),
    constraint webhook_deliveries_status_known check (status in ('pending', 'delivered', 'failed')),
    constraint webhook_deliveries_once_per_event unique (task_id, event),
    constraint webhook_deliveries_webhook_id_unique unique (webhook_id)
);

-- The senders look for due pending rows; the order check looks at a task's earlier rows.
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

-- Every attempt, for GET /v2/tasks/{task_address}/webhooks.
create table webhook_attempts (
    delivery_id   bigint not null references webhook_deliveries (id) on delete cascade,
    attempt       integer not null,
    attempted_at  timestamptz not null default now(),
    status_code   integer,
    error         text,
    duration_ms   integer not null,
    primary key (delivery_id, attempt)
);

create function webhook_event_of(status text) returns text language sql immutable as $$
    select case status
        when 'running' then 'started'
        when 'succeeded' then 'succeeded'
        when 'failed' then 'failed'
        when 'canceled' then 'canceled'
        else null
    end
$$;

-- A task's "started" happens once even when a retry runs it again (unique per task and event).
create function webhook_deliveries_enqueue() returns trigger language plpgsql as $$
declare
    wanted text := webhook_event_of(new.status);
begin
    if wanted is null
            or not (coalesce(new.request -> 'webhook' -> 'events', '["succeeded","failed","canceled"]'::jsonb) ? wanted)
            or exists (select 1 from webhook_deliveries where task_id = new.id and gone) then
        return null;
    end if;
    insert into webhook_deliveries (task_id, tenant_id, event, webhook_id, url)
    values (new.id, new.tenant_id, wanted, 'msg_' || replace(gen_random_uuid()::text, '-', ''),
            new.request -> 'webhook' ->> 'url')
    on conflict (task_id, event) do nothing;
    return null;
end
$$;

create trigger tasks_webhook_events
    after update of status on tasks
    for each row
    when (new.status is distinct from old.status and new.request ? 'webhook')
    execute function webhook_deliveries_enqueue();
