# Sourced by the bench scripts that measure SQL alone: starts a throwaway PostgreSQL cluster (the
# newest under /usr/lib/postgresql, as root through the 'postgres' user) on port $PORT, applies every
# migration of schema/, defines psql() against it, and removes it all on exit.
#
#   PORT=15499; WORK_PREFIX=imagequeue-list-plan; source bench/lib/throwaway-postgres.sh

PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do
  [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/psql" ]] && PG_BIN="$dir"
done
[[ -n "$PG_BIN" ]] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }

WORK="$(mktemp -d "/tmp/${WORK_PREFIX}.XXXXXX")"
chmod 755 "$WORK"
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
