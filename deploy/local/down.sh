#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started (by PID file, in reverse order). Data stays in .run/
# unless --purge is given.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PURGE=false
case "${1:-}" in
  "") ;;
  --purge) PURGE=true ;;
  -h | --help)
    echo "Usage: deploy/local/down.sh [--purge]   (--purge also deletes $RUN_DIR: database, topics, objects, logs, API key)"
    exit 0
    ;;
  *) die "unknown option: $1 (usage: deploy/local/down.sh [--purge])" ;;
esac

if [[ ! -d "$RUN_DIR" ]]; then
  log "nothing to stop ($RUN_DIR does not exist)"
  exit 0
fi

# applications first (workers together, then the API), then what they depend on
mapfile -t workers < <(pid_names 'worker-*')
((${#workers[@]})) && stop_pid "${workers[@]}"
stop_pid api
stop_pid simulator
stop_pid s3proxy
stop_pid kafka

PG_DATA="$RUN_DIR/pg/data"
if [[ -f "$PG_DATA/postmaster.pid" ]]; then
  pg_pid="$(head -n 1 "$PG_DATA/postmaster.pid")"
  if pid_alive "$pg_pid"; then
    log "stopping postgres (pid $pg_pid)"
    pg_ctl=""
    # the pg_ctl of the version that made the cluster
    [[ -f "$PG_DATA/PG_VERSION" ]] && pg_ctl="/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin/pg_ctl"
    as=()
    [[ $EUID -eq 0 ]] && as=(runuser -u postgres --)
    if [[ -x "$pg_ctl" ]]; then
      "${as[@]}" "$pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null || warn "pg_ctl stop failed"
    else
      kill -INT "$pg_pid" # PostgreSQL's "fast" shutdown signal
    fi
  fi
fi
rm -f "$(pid_file postgres)"

# anything of ours still alive (a crashed up.sh, a lost PID file) is killed
deadline=$((SECONDS + 10))
while [[ -n "$(our_processes)" ]] && ((SECONDS < deadline)); do
  sleep 0.3
done
leftovers="$(our_processes)"
if [[ -n "$leftovers" ]]; then
  warn "processes still using $RUN_DIR, killing them:"
  printf '  %s\n' "$leftovers" >&2
  while read -r pid _; do
    kill -KILL "$pid" 2>/dev/null || true
  done <<<"$leftovers"
fi

if $PURGE; then
  rm -rf "$RUN_DIR"
  log "stopped; deleted $RUN_DIR"
else
  log "stopped; data and logs kept in $RUN_DIR (deploy/local/down.sh --purge deletes them)"
fi
