#!/usr/bin/env bash
# The query plans of GET /v2/tasks (issue 15) on a table of 1,000,000 tasks in 1,000 tenants:
# a throwaway PostgreSQL cluster with every migration of schema/, bulk-loaded, analyzed, then
# EXPLAIN ANALYZE of the list's queries for one tenant (1,000 tasks): the first page, a page deep
# behind a cursor, a status filter and a model filter. Prints the plans; changes nothing else.
#
#   bench/watching/list-plan.sh            # ~1 minute on 2 cores
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=15499
WORK_PREFIX=imagequeue-list-plan
source bench/lib/throwaway-postgres.sh

psql <<'SQL'
-- Bulk load without the tickets' triggers: the plans are about the list's index, not the queue.
set session_replication_role = replica;
insert into tenants (id, name) select 'tenant-' || g, 'tenant ' || g from generate_series(1, 1000) g;
insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts, deadline_at,
                   created_at, updated_at)
select 'tsk_' || lpad(g::text, 22, '0'),
       'tenant-' || (g % 1000 + 1),
       '/v2/image/flux/generate',
       case when g % 3 = 0 then 'black-forest-labs/FLUX-2-pro' else 'openai/gpt-image-1' end,
       'interactive',
       case when g % 97 = 0 then 'failed' when g > 999000 then 'queued' else 'succeeded' end,
       '{"prompt": "a lighthouse"}'::jsonb, 3, now(),
       timestamptz '2026-01-01' + g * interval '1 second', now()
from generate_series(1, 1000000) g;
analyze tasks;
SQL

COLUMNS="id, status, model, created_at"
explain() {
  echo
  echo "-- $1"
  psql -c "explain (analyze, buffers, costs off, timing off, summary on) $2" | sed -e '/^$/d'
}
explain "first page (limit 20 + 1)" \
  "select $COLUMNS from tasks where tenant_id = 'tenant-500' order by created_at desc, id desc limit 21"
explain "a page 900 tasks deep, behind a cursor" \
  "select $COLUMNS from tasks where tenant_id = 'tenant-500'
     and (created_at, id) < (timestamptz '2026-01-01' + 100499 * interval '1 second', 'tsk_0000000000000000100499')
     order by created_at desc, id desc limit 21"
explain "status=failed (about 1 task in 97)" \
  "select $COLUMNS from tasks where tenant_id = 'tenant-500' and status = any('{failed}')
     order by created_at desc, id desc limit 21"
explain "model=black-forest-labs/FLUX-2-pro (1 task in 3)" \
  "select $COLUMNS from tasks where tenant_id = 'tenant-500' and model = 'black-forest-labs/FLUX-2-pro'
     order by created_at desc, id desc limit 21"
