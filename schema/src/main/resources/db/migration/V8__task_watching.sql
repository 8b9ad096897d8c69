-- Issue 15: watching work. The task list, queue positions and the change feed of the event stream
-- (docs/decisions.md, "Watching work").

-- The list: a tenant's tasks newest first, with (created_at, id) as the keyset cursor. It replaces
-- tasks_tenant_created (tenant_id, created_at), which the same reads (usage) are served by as well.
create index tasks_tenant_created_id on tasks (tenant_id, created_at, id);
drop index if exists tasks_tenant_created;

-- queue_ticket: the task's place in its lane (model, priority), drawn when it entered the queue
-- (submitted, or put back by a retry, a snooze or the reaper); null while it is not queued.
-- progress: 0..1 while running, where the provider reports it; written by the worker at most once a second.
alter table tasks
    add column queue_ticket  bigint,
    add column progress      real,
    add constraint tasks_progress_range check (progress is null or (progress >= 0 and progress <= 1));

-- The last ticket drawn in each lane. Drawing locks the lane's row for the drawing statement, so
-- tickets commit in the order they were drawn: every ticket up to last_ticket belongs to a
-- committed queued task or to one that already left the queue.
create table task_queue_lanes (
    model        text not null,
    lane         text not null,
    last_ticket  bigint not null,
    primary key (model, lane)
);

-- Every ticket up to head has left its queue (claimed, canceled or failed while queued).
create table task_queue_heads (
    model  text not null,
    lane   text not null,
    head   bigint not null,
    primary key (model, lane)
);

-- Tickets above head that left out of order (a later task claimed or canceled before an earlier
-- one). Rows are deleted as soon as head passes them, so the table holds only the gaps in front of
-- the tasks still waiting: a task's position counts these few rows, never the tasks table.
create table task_queue_left (
    model   text not null,
    lane    text not null,
    ticket  bigint not null,
    primary key (model, lane, ticket)
);

-- Tasks queued when this migration runs get tickets in their order of submission.
with numbered as (
    select id, row_number() over (partition by model, priority order by created_at, id) as ticket
    from tasks where status = 'queued'
)
update tasks t set queue_ticket = n.ticket from numbered n where t.id = n.id;
insert into task_queue_lanes (model, lane, last_ticket)
select model, priority, max(queue_ticket) from tasks where queue_ticket is not null group by model, priority;

-- A ticket leaves its lane: head moves over it and every contiguous gap behind it, or it is kept
-- as a gap until head reaches it. The head row's lock orders the leaves of one lane.
create function task_queue_leave(lane_model text, lane_name text, left_ticket bigint) returns void
language plpgsql as $$
declare
    current_head bigint;
begin
    insert into task_queue_heads (model, lane, head) values (lane_model, lane_name, 0)
    on conflict (model, lane) do nothing;
    select head into current_head from task_queue_heads
    where model = lane_model and lane = lane_name for update;
    if left_ticket <> current_head + 1 then
        insert into task_queue_left (model, lane, ticket) values (lane_model, lane_name, left_ticket)
        on conflict do nothing;
        return;
    end if;
    current_head := left_ticket;
    loop
        delete from task_queue_left where model = lane_model and lane = lane_name and ticket = current_head + 1;
        exit when not found;
        current_head := current_head + 1;
    end loop;
    update task_queue_heads set head = current_head where model = lane_model and lane = lane_name;
end
$$;

-- The one place tickets are returned and redrawn, whichever code path moves a queued task (claim,
-- retry, snooze, cancel, reaper, deadline), and the change feed of the event streams:
-- 'imagequeue_task_changed' carries a task address when its status or progress changed, and
-- 'lane:<model>:<lane>' when a task left that lane (the positions behind it moved).
create function task_queue_track() returns trigger language plpgsql as $$
begin
    if old.status = 'queued' and new.status <> 'queued' and old.queue_ticket is not null then
        perform task_queue_leave(old.model, old.priority, old.queue_ticket);
        perform pg_notify('imagequeue_task_changed', 'lane:' || old.model || ':' || old.priority);
        new.queue_ticket := null;
    end if;
    if new.status = 'queued' and old.status <> 'queued' then
        insert into task_queue_lanes (model, lane, last_ticket) values (new.model, new.priority, 1)
        on conflict (model, lane) do update set last_ticket = task_queue_lanes.last_ticket + 1
        returning last_ticket into new.queue_ticket;
    end if;
    if new.status <> 'running' then
        new.progress := null;
    end if;
    if new.status is distinct from old.status or new.progress is distinct from old.progress then
        perform pg_notify('imagequeue_task_changed', new.id);
    end if;
    return new;
end
$$;

create trigger tasks_queue_track
    before update of status, progress on tasks
    for each row
    execute function task_queue_track();

-- Submitted tasks draw their tickets once per statement, after the insert: a row that an
-- idempotency conflict kept out draws none (a BEFORE INSERT trigger would run for it too), and one
-- admission statement takes its lanes' rows in one order (model, lane), so concurrent batches
-- never deadlock on them. Tickets follow the order of creation within the statement.
create function task_queue_enter() returns trigger language plpgsql as $$
begin
    with wanted as (
        select model, priority as lane, count(*) as n from inserted where status = 'queued'
        group by model, priority order by model, priority
    ), drawn as (
        insert into task_queue_lanes (model, lane, last_ticket)
        select model, lane, n from wanted
        on conflict (model, lane) do update set last_ticket = task_queue_lanes.last_ticket + excluded.last_ticket
        returning model, lane, last_ticket
    ), numbered as (
        select i.id, d.last_ticket - count(*) over (partition by i.model, i.priority)
                     + row_number() over (partition by i.model, i.priority order by i.created_at, i.id) as ticket
        from inserted i join drawn d on d.model = i.model and d.lane = i.priority
        where i.status = 'queued'
    )
    update tasks t set queue_ticket = numbered.ticket from numbered where t.id = numbered.id;
    return null;
end
$$;

create trigger tasks_queue_enter
    after insert on tasks
    referencing new table as inserted
    for each statement
    execute function task_queue_enter();

-- A queued task's position: the tickets ahead of it that have not left, 0 = next. Reads one head
-- row and the gaps between head and the ticket, never the tasks table; null for a null ticket.
create function task_queue_position(lane_model text, lane_name text, of_ticket bigint) returns bigint
language sql stable as $$
    with h as (
        select coalesce((select head from task_queue_heads where model = lane_model and lane = lane_name), 0) as head
    )
    select of_ticket - 1 - h.head - (select count(*) from task_queue_left g
                                     where g.model = lane_model and g.lane = lane_name
                                       and g.ticket > h.head and g.ticket < of_ticket)
    from h
$$;
