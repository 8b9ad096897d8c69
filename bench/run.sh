#!/usr/bin/env bash
# imagequeue benchmark harness (issue 6): starts the local stack with deploy/local/up.sh, runs every
# measurement, prints the summary table and writes docs/benchmarks.md. See bench/README.md.
#   bench/run.sh                      # everything, defaults (about 35 minutes)
#   bench/run.sh --sections submit,poll --duration 20 --keep-stack
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The harness builds the applications: it needs the JDK 21+ that deploy/local/*.sh would find.
# shellcheck source=../deploy/local/lib/common.sh
source "$ROOT/deploy/local/lib/common.sh"
find_java

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v mpstat >/dev/null 2>&1 || need+=(sysstat)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if ((${#need[@]})); then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing ${need[*]} (apt-get)" >&2
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
  else
    echo "bench: missing ${need[*]}: install them (Debian: apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

export BENCH_COMMAND="bench/run.sh $*"
exec python3 "$ROOT/bench/bench.py" "$@"
