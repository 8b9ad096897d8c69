# Which providers deploy/local/up.sh points at the simulator. Sourced by up.sh; no side effects beyond
# the variables it documents.
#
# A provider is real when its base URL or key is set, in the environment or in the providers file
# (deploy/local/providers.env, or $IMAGEQUEUE_PROVIDERS_FILE); the environment wins over the file.
# Real providers keep what was set (an unset base URL means the worker's default, the provider's
# public API); every other provider is served by the simulator.

# load_providers_file FILE: exports the file's IMAGEQUEUE_PROVIDERS_* settings that the environment
# does not set already. Lines are KEY=VALUE (optionally "export KEY=VALUE", the value optionally
# quoted); blank lines and # comments are skipped. The file is read, never executed.
load_providers_file() {
  local file="$1" line key value
  [[ -f "$file" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line#"${line%%[![:space:]]*}"}"
    [[ -z "$line" || "$line" == \#* ]] && continue
    line="${line#export }"
    key="${line%%=*}"
    value="${line#*=}"
    if [[ "$line" != *=* || ! "$key" =~ ^IMAGEQUEUE_PROVIDERS_[A-Z0-9_]+$ ]]; then
      warn "$file: ignoring a line that is not IMAGEQUEUE_PROVIDERS_<NAME>_<SETTING>=value"
      continue
    fi
    value="${value%"${value##*[![:space:]]}"}"
    if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then
      value="${BASH_REMATCH[1]}"
    fi
    [[ -n "${!key+set}" ]] || export "$key=$value"
  done <"$file"
}

# choose_providers SIMULATOR_URL PROVIDER...: sets REAL_PROVIDERS and SIMULATED_PROVIDERS (arrays of
# provider names) and SIMULATED_ENV (the NAME=value settings that point the simulated ones at the
# simulator).
choose_providers() {
  local simulator="$1" p base key
  shift
  REAL_PROVIDERS=()
  SIMULATED_PROVIDERS=()
  SIMULATED_ENV=()
  for p in "$@"; do
    base="IMAGEQUEUE_PROVIDERS_${p}_BASE_URL"
    key="IMAGEQUEUE_PROVIDERS_${p}_API_KEY"
    if [[ -n "${!base:-}" || -n "${!key:-}" ]]; then
      REAL_PROVIDERS+=("$p")
    else
      SIMULATED_PROVIDERS+=("$p")
      SIMULATED_ENV+=("$base=$simulator" "$key=sim-key")
    fi
  done
}

# describe_providers: one line per group, for up.sh's summary.
describe_providers() {
  local p base lines=""
  for p in "${REAL_PROVIDERS[@]}"; do
    base="IMAGEQUEUE_PROVIDERS_${p}_BASE_URL"
    lines+="$(printf '\n  real       %-13s %s' "${p,,}" "${!base:-(the default base URL)}")"
  done
  if ((${#SIMULATED_PROVIDERS[@]})); then
    local names=("${SIMULATED_PROVIDERS[@],,}")
    lines+="$(printf '\n  simulated  %s' "${names[*]}")"
  fi
  printf '%s' "$lines"
}
