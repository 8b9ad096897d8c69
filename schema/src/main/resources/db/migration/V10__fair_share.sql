-- Issue 18, item 1: fair share between tenants inside every lane (model, priority), by start-time
-- fair queueing over the tasks table (docs/fair-share.md). Kafka stays the wake-up: a job that
-- got an upstream permit claims the lane's next task in fair order, not necessarily its own.

-- A tenant's share of every lane, relative to the other tenants with queued work there.
alter table tenants
    add column weight integer not null default 1,
    add constraint tenants_weight_range check (weight between 1 and 1000);

-- The lane's virtual time: the start tag of the task picked last. Its row lock orders the picks of
-- one lane across every worker replica, so tags never race.
create table fair_share_lanes (
    model         text not null,
    lane          text not null,
    virtual_time  double precision not null default 0,
    primary key (model, lane)
);

-- A tenant's finish tag in a lane: where its next task starts unless the lane's time has passed it
-- (an idle tenant comes back at the lane's time, with no credit saved up while it was idle).
-- Written by the pick that first serves the tenant in the lane; no row means a finish tag of 0.
create table fair_share_clocks (
    model      text not null,
    lane       text not null,
    tenant_id  text not null references tenants (id),
    finish     double precision not null default 0,
    primary key (model, lane, tenant_id)
);

-- A tenant's head of line in a lane: its queued tasks in ticket order (first in, first out). The
-- same index lists the tenants with queued work in a lane, one descent each (a skip scan).
create index tasks_queued_fair on tasks (model, priority, tenant_id, queue_ticket) where status = 'queued';

-- The lane's next task in fair order, locked for the caller's claim: among the tenants with queued
-- tasks in the lane, the one with the smallest start tag (greatest of its finish tag and the lane's
-- time) that has a due one, then that tenant's oldest ticket. Its finish tag moves on by 1 / weight,
-- the lane's time to its start tag. Costs one index descent per tenant with queued work, whatever
-- the number of tasks or of idle tenants. Tasks locked elsewhere (a cancel under way) are skipped;
-- null when nothing in the lane is due.
create function fair_share_pick(pick_model text, pick_lane text) returns text language plpgsql as $$
declare
    lane_time double precision;
    candidate record;
    picked text;
begin
    insert into fair_share_lanes (model, lane) values (pick_model, pick_lane) on conflict do nothing;
    select virtual_time into lane_time from fair_share_lanes
    where model = pick_model and lane = pick_lane for update;
    for candidate in
        with recursive queued_tenants (tenant_id) as (
            (select q.tenant_id from tasks q
             where q.model = pick_model and q.priority = pick_lane and q.status = 'queued'
             order by q.tenant_id limit 1)
            union all
            select (select q.tenant_id from tasks q
                    where q.model = pick_model and q.priority = pick_lane and q.status = 'queued'
                      and q.tenant_id > queued_tenants.tenant_id
                    order by q.tenant_id limit 1)
            from queued_tenants where queued_tenants.tenant_id is not null
        )
        select qt.tenant_id, greatest(coalesce(c.finish, 0), lane_time) as start, t.weight
        from queued_tenants qt
        join tenants t on t.id = qt.tenant_id
        left join fair_share_clocks c on c.model = pick_model and c.lane = pick_lane and c.tenant_id = qt.tenant_id
        order by 2, 1
    loop
        select id into picked from tasks
        where model = pick_model and priority = pick_lane and tenant_id = candidate.tenant_id
          and status = 'queued' and (not_before is null or not_before <= now())
        order by queue_ticket
        limit 1
        for update skip locked;
        if picked is not null then
            insert into fair_share_clocks (model, lane, tenant_id, finish)
            values (pick_model, pick_lane, candidate.tenant_id, candidate.start + 1.0 / candidate.weight)
            on conflict (model, lane, tenant_id) do update set finish = excluded.finish;
            update fair_share_lanes set virtual_time = candidate.start
            where model = pick_model and lane = pick_lane;
            return picked;
        end if;
    end loop;
    return null;
end
$$;
