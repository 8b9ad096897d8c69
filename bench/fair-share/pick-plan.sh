#!/usr/bin/env bash
# The cost of the fair scheduler's pick (issue 18, docs/fair-share.md) on a throwaway PostgreSQL
# cluster with every migration of schema/: one lane with 100,000 queued tasks of 3 tenants (A with
# 80,000, B and C with 10,000 each, weights 1, 1, 2), then
#   1. EXPLAIN ANALYZE of the head-of-line probe the pick runs per tenant,
#   2. 3,000 claims through fair_share_pick (what a worker's claim statement does), timed, and the
#      share each tenant got,
#   3. the same 3,000 claims by id (today's claim), timed, for comparison,
#   4. the pick again after 1,000 more tenants were served in the lane and went idle,
#   5. the pick with 1,000 tenants with queued work in the lane,
#   6. one insert statement of 20,000 tasks with and without the fair-share index.
# Prints timings and plans; changes nothing else.
#
#   bench/fair-share/pick-plan.sh            # ~1 minute on 2 cores
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=15498
WORK_PREFIX=imagequeue-fair-pick
source bench/lib/throwaway-postgres.sh

MODEL="black-forest-labs/FLUX-2-pro"
psql <<SQL
insert into tenants (id, name, weight) values ('A', 'a', 1), ('B', 'b', 1), ('C', 'c', 2);
-- With the triggers: tickets drawn and clocks written as the API's inserts do.
insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts, deadline_at, created_at)
select 'tsk_' || lpad(g::text, 22, '0'),
       case when g <= 80000 then 'A' when g <= 90000 then 'B' else 'C' end,
       '/v2/image/flux/generate', '$MODEL', 'batch', 'queued', '{"prompt": "a lighthouse"}'::jsonb, 3,
       now() + interval '1 day', timestamptz '2026-01-01' + g * interval '1 millisecond'
from generate_series(1, 100000) g;
analyze tasks;
SQL

echo "-- 1. the head-of-line probe of one tenant (A, 80,000 queued)"
psql -c "explain (analyze, buffers, costs off, timing off, summary on)
  select id from tasks where model = '$MODEL' and priority = 'batch' and tenant_id = 'A'
    and status = 'queued' and (not_before is null or not_before <= now())
  order by queue_ticket limit 1 for update skip locked" | sed -e '/^$/d'

claims() {  # $1: label, $2: the where clause choosing the task
  psql -c "\\timing on" -c "
do \$\$
declare started timestamptz := clock_timestamp(); n int;
begin
  for i in 1..3000 loop
    update tasks set status = 'running', attempts = attempts + 1, lease_owner = 'bench',
                     lease_until = now() + interval '60 seconds', started_at = now(), updated_at = now()
    where id = ($2) and status = 'queued';
  end loop;
  raise notice '$1: 3000 claims in % ms (% ms per claim)',
    round(extract(epoch from clock_timestamp() - started) * 1000),
    round(extract(epoch from clock_timestamp() - started) * 1000 / 3000, 3);
end \$\$;" 2>&1 | grep NOTICE
}

echo
echo "-- 2. claims through the fair pick, and the share of each tenant"
claims "fair pick" "select fair_share_pick('$MODEL', 'batch')"
psql -c "select tenant_id, count(*) as claimed, weight from tasks join tenants t on t.id = tenant_id
         where status = 'running' group by tenant_id, weight order by tenant_id"

echo
echo "-- 3. claims by id (today's claim), the oldest queued task each time"
claims "claim by id" "select id from tasks where model = '$MODEL' and status = 'queued' order by created_at limit 1"

echo
echo "-- 4. the fair pick after 1,000 more tenants were served in the lane and went idle"
psql <<SQL
insert into tenants (id, name) select 'idle-' || g, 'idle' from generate_series(1, 1000) g;
insert into fair_share_clocks (model, lane, tenant_id) select '$MODEL', 'batch', 'idle-' || g from generate_series(1, 1000) g;
analyze fair_share_clocks;
SQL
claims "fair pick, 1,000 idle tenants" "select fair_share_pick('$MODEL', 'batch')"

echo
echo "-- 5. the fair pick with 1,000 tenants with queued work in the lane (10 tasks each)"
psql <<SQL
insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts, deadline_at)
select 'tsk_many_' || g, 'idle-' || (g % 1000 + 1), '/v2/image/flux/generate', '$MODEL', 'batch', 'queued',
       '{"prompt": "x"}'::jsonb, 3, now() + interval '1 day' from generate_series(1, 10000) g;
analyze tasks;
SQL
claims "fair pick, 1,003 queued tenants" "select fair_share_pick('$MODEL', 'batch')"

echo
echo "-- 6. one insert of 20,000 tasks, with and without the fair-share index"
insert20k() {
  psql -c "\\timing on" -c "insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts, deadline_at)
    select 'tsk_$1_' || g, 'A', '/v2/image/flux/generate', '$MODEL', 'batch', 'queued', '{\"prompt\": \"x\"}'::jsonb, 3,
           now() + interval '1 day' from generate_series(1, 20000) g" | grep Time | sed "s/^/$2: /"
}
insert20k with1 "with the fair-share index"
psql -c "drop index tasks_queued_fair"
insert20k without1 "without it"
