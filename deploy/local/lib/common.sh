# shellcheck shell=bash
# Helpers shared by deploy/local/*.sh. Source it; it sets ROOT (the repository root) and RUN_DIR (.run/).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
RUN_DIR="$ROOT/.run"
export ROOT RUN_DIR

# ---------------------------------------------------------------- logging

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _c_blue=$'\e[34m' _c_yellow=$'\e[33m' _c_red=$'\e[31m' _c_off=$'\e[0m'
else
  _c_blue='' _c_yellow='' _c_red='' _c_off=''
fi

log() { printf '%s[%s]%s %s\n' "$_c_blue" "$(date +%H:%M:%S)" "$_c_off" "$*"; }
warn() { printf '%s[%s] WARNING:%s %s\n' "$_c_yellow" "$(date +%H:%M:%S)" "$_c_off" "$*" >&2; }
die() {
  printf '%s[%s] ERROR:%s %s\n' "$_c_red" "$(date +%H:%M:%S)" "$_c_off" "$*" >&2
  exit 1
}

# Prints the last N (default 40) lines of a log file, framed, to stderr.
show_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -f "$file" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf -- '-----\n' >&2
  else
    printf -- '(no log file %s)\n' "$file" >&2
  fi
}

# ---------------------------------------------------------------- Java

# Major version of a java binary (8 for 1.8), or 0 if it does not run.
java_major() {
  local out version
  out="$("$1" -version 2>&1)" || { echo 0; return; }
  version="$(sed -n 's/.* version "\([^"]*\)".*/\1/p' <<<"$out" | head -n 1)"
  version="${version#1.}"
  version="${version%%[.+-]*}"
  [[ "$version" =~ ^[0-9]+$ ]] && echo "$version" || echo 0
}

# Exports JAVA_HOME and PATH for a JDK >= 21: $JAVA_HOME if it is one, else the newest
# /usr/lib/jvm/*/bin/java (or `java` on the PATH) that is >= 21. Exits with advice if there is none.
find_java() {
  local min=21 best="" best_major=0 candidate major
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    major="$(java_major "$JAVA_HOME/bin/java")"
    if ((major >= min)); then
      export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
    warn "JAVA_HOME=$JAVA_HOME is Java $major; looking for Java $min or newer elsewhere"
  fi
  local -a candidates=(/usr/lib/jvm/*/bin/java)
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(readlink -f "$(command -v java)")")
  fi
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate" ]] || continue
    major="$(java_major "$candidate")"
    if ((major >= min && major > best_major)); then
      best="$candidate" best_major="$major"
    fi
  done
  if [[ -z "$best" ]]; then
    cat >&2 <<MSG
ERROR: a JDK $min or newer is required (imagequeue targets Java $min), and none was found
       (checked \$JAVA_HOME, /usr/lib/jvm/*, and java on the PATH).
Install one, then re-run (or point JAVA_HOME at it), for example:
  - Debian 13 / Ubuntu 24.04:  sudo apt-get install -y openjdk-21-jdk-headless
  - Debian 12 and others:      Eclipse Temurin from https://adoptium.net/installation/linux/
                               (apt repository packages.adoptium.net, package temurin-21-jdk)
  - SDKMAN:                    sdk install java 21-tem
MSG
    exit 1
  fi
  JAVA_HOME="$(cd "$(dirname "$best")/.." && pwd)"
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}

# ---------------------------------------------------------------- checks used with wait_for

# port_open HOST PORT: something accepts TCP connections there.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# http_ok URL: GET answers 2xx (curl if present, else bash /dev/tcp for plain http://host:port/path).
http_ok() {
  local url="$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null
    return
  fi
  local rest="${url#http://}" hostport path host port status
  hostport="${rest%%/*}"
  path="/${rest#*/}"
  [[ "$rest" == */* ]] || path="/"
  host="${hostport%%:*}"
  port="${hostport##*:}"
  [[ "$port" == "$hostport" ]] && port=80
  status="$(
    exec 3<>"/dev/tcp/$host/$port" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
    timeout 3 head -n 1 <&3
  )" 2>/dev/null || return 1
  [[ "$status" =~ ^HTTP/[0-9.]+\ 2[0-9][0-9] ]]
}

# log_has FILE PATTERN: the file contains the (grep -E) pattern.
log_has() {
  [[ -f "$1" ]] && grep -qE -- "$2" "$1"
}

# wait_for NAME TIMEOUT_SECONDS LOG_FILE CHECK [ARGS...]
# Runs CHECK until it succeeds. Fails (last 40 lines of LOG_FILE, exit 1) after TIMEOUT_SECONDS, or as soon as
# the process NAME (if it has a .run/NAME.pid) has died.
wait_for() {
  local name="$1" timeout="$2" logfile="$3"
  shift 3
  local deadline=$((SECONDS + timeout))
  while ! "$@"; do
    if [[ -f "$(pid_file "$name")" ]] && ! is_running "$name"; then
      show_log_tail "$logfile" 40
      die "$name exited while starting (log: $logfile)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$logfile" 40
      die "$name not ready after ${timeout}s: '$*' still fails (log: $logfile)"
    fi
    sleep 0.3
  done
}

# ---------------------------------------------------------------- PID files

pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }
log_file() { printf '%s/%s.log' "$RUN_DIR" "$1"; }

# The PID recorded for NAME (empty if none).
read_pid() {
  local file
  file="$(pid_file "$1")"
  [[ -f "$file" ]] && tr -dc '0-9' <"$file"
  return 0
}

# pid_alive PID: the process exists and is not a zombie (orphans whose exit the init process has not reaped
# yet still answer kill -0).
pid_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  [[ "${stat%% *}" != Z ]]
}

# is_running NAME: the process of .run/NAME.pid is alive and is ours (its command line mentions this .run/).
is_running() {
  local pid
  pid="$(read_pid "$1")"
  [[ -n "$pid" ]] || return 1
  pid_alive "$pid" || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$RUN_DIR"
}

# start_bg NAME CMD [ARGS...]: starts CMD detached (own session, stdin from /dev/null), output to .run/NAME.log
# (appended), PID to .run/NAME.pid. CMD must mention $RUN_DIR (e.g. -Djava.io.tmpdir=$RUN_DIR/tmp) so that
# is_running can tell it from an unrelated process that got the same PID later.
start_bg() {
  local name="$1"
  shift
  local logfile
  logfile="$(log_file "$name")"
  mkdir -p "$RUN_DIR"
  printf '\n===== %s starting %s: %s\n' "$(date '+%F %T')" "$name" "$*" >>"$logfile"
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" </dev/null >>"$logfile" 2>&1 &
  else
    nohup "$@" </dev/null >>"$logfile" 2>&1 &
  fi
  echo "$!" >"$(pid_file "$name")"
}

# stop_pid NAME...: SIGTERM to each running NAME, waits up to 20 s for all, then SIGKILL; removes the PID files.
stop_pid() {
  local name pid
  local -a pids=()
  for name in "$@"; do
    if is_running "$name"; then
      pid="$(read_pid "$name")"
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local deadline=$((SECONDS + 20))
  for pid in "${pids[@]}"; do
    while pid_alive "$pid" && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if pid_alive "$pid"; then
      warn "pid $pid did not stop within 20 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for name in "$@"; do
    rm -f "$(pid_file "$name")"
  done
}

# Names that have a PID file matching a glob (e.g. 'worker-*'), sorted by number, highest first.
pid_names() {
  local file
  for file in "$RUN_DIR"/$1.pid; do
    [[ -f "$file" ]] || continue
    file="${file##*/}"
    printf '%s\n' "${file%.pid}"
  done | sort -t- -k2,2nr
}

# Processes whose command line mentions this checkout's .run/ directory, as "PID COMMAND" lines.
our_processes() {
  local dir pid cmd
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
    cmd="$(tr '\0' ' ' 2>/dev/null <"$dir/cmdline")" || continue
    [[ "$cmd" == *"$RUN_DIR/"* ]] || continue
    printf '%s %s\n' "$pid" "${cmd:0:160}"
  done
}

# ---------------------------------------------------------------- the browser of the web page test

# ensure_chromium: the system tests drive the web page at / in Debian's headless Chromium through its
# chromedriver (system-tests WebPageIT, which expects /usr/bin/chromium and /usr/bin/chromedriver). Installs the
# packages chromium and chromium-driver with apt-get when either binary is missing and apt-get can run (as root,
# or through sudo without a password). When it cannot, it warns and carries on: WebPageIT is then reported as
# skipped, with the reason, and does not pass.
ensure_chromium() {
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && return 0
  local skipped="the web page test (WebPageIT) will be SKIPPED"
  local -a as_root
  if ! command -v apt-get >/dev/null 2>&1; then
    warn "no /usr/bin/chromium or /usr/bin/chromedriver, and no apt-get to install them: $skipped"
    return 0
  fi
  if [[ "$(id -u)" == 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    warn "no /usr/bin/chromium or /usr/bin/chromedriver, and apt-get needs root: $skipped"
    warn "install them once with: sudo apt-get install -y chromium chromium-driver"
    return 0
  fi
  local apt_log="$ROOT/target/apt-chromium.log"
  mkdir -p "$ROOT/target"
  log "installing Debian's chromium and chromium-driver for the web page test (log: $apt_log)"
  # Waits for a dpkg lock held by another apt (a fresh machine's own updates) instead of failing at once.
  local -a install=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q
    --no-install-recommends chromium chromium-driver fonts-liberation)
  # A fresh machine's package lists may be missing or stale: update them when the first try fails.
  if "${as_root[@]}" "${install[@]}" >"$apt_log" 2>&1 \
    || { "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -q >>"$apt_log" 2>&1 && "${as_root[@]}" "${install[@]}" >>"$apt_log" 2>&1; }; then
    log "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
  else
    show_log_tail "$apt_log" 20
    warn "could not install chromium and chromium-driver: $skipped"
  fi
}
