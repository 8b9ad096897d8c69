#!/usr/bin/env bash
# The query plans of GET /v2/tasks (issue 15) on a table of 1,000,000 tasks in 1,000 tenants:
# a throwaway PostgreSQL cluster with every migration of schema/, bulk-loaded, analyzed, then
# EXPLAIN ANALYZE of the list's queries for one tenant (1,000 tasks): the first page, a page deep
# behind a cursor, a status filter and a model filter. Prints the plans; changes nothing else.
#
#   bench/watching/list-plan.sh            # ~1 minute on 2 cores
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do
  [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/psql" ]] && PG_BIN="$dir"
done
[[ -n "$PG_BIN" ]] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }

WORK="$(mktemp -d /tmp/imagequeue-list-plan.XXXXXX)"
chmod 755 "$WORK"
PORT=15499
AS=()
if [[ $EUID -eq 0 ]]; then
  chown postgres:postgres "$WORK"
  AS=(runuser -u postgres --)
fi
cleanup() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses='' -c fsync=off -c shared_buffers=256MB" start >/dev/null
psql() { "${AS[@]}" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$PORT" -U postgres -d postgres "$@"; }

for migration in $(ls schema/src/main/resources/db/migration/V*.sql | sort -V); do
  psql -f "$migration" >/dev/null
done

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
