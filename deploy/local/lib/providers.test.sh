#!/usr/bin/env bash
# Tests of providers.sh (which providers up.sh simulates): bash deploy/local/lib/providers.test.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
warn() { printf 'WARNING: %s\n' "$*" >&2; }
# shellcheck source=providers.sh
source "$HERE/providers.sh"

failures=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then printf 'ok    %s\n' "$1"; else printf 'FAIL  %s: expected [%s], got [%s]\n' "$1" "$2" "$3"; failures=$((failures + 1)); fi
}
fresh() { unset "${!IMAGEQUEUE_PROVIDERS_@}"; }
SIM=http://127.0.0.1:18100
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

fresh
choose_providers "$SIM" OPENAI BFL
check "nothing set: every provider simulated" "OPENAI BFL" "${SIMULATED_PROVIDERS[*]}"
check "simulated ones point at the simulator" \
  "IMAGEQUEUE_PROVIDERS_OPENAI_BASE_URL=$SIM IMAGEQUEUE_PROVIDERS_OPENAI_API_KEY=sim-key IMAGEQUEUE_PROVIDERS_BFL_BASE_URL=$SIM IMAGEQUEUE_PROVIDERS_BFL_API_KEY=sim-key" \
  "${SIMULATED_ENV[*]}"

fresh
export IMAGEQUEUE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:9999/v1
choose_providers "$SIM" OPENAI BFL
check "a base URL in the environment makes the provider real" "OPENAI" "${REAL_PROVIDERS[*]}"
check "and leaves it untouched" "IMAGEQUEUE_PROVIDERS_BFL_BASE_URL=$SIM IMAGEQUEUE_PROVIDERS_BFL_API_KEY=sim-key" "${SIMULATED_ENV[*]}"
check "the summary names real and simulated" "$(printf '\n  real       openai        http://127.0.0.1:9999/v1\n  simulated  bfl')" "$(describe_providers)"

fresh
cat >"$TMP/providers.env" <<'ENV'
# a comment
export IMAGEQUEUE_PROVIDERS_BFL_API_KEY="bfl-secret"
IMAGEQUEUE_PROVIDERS_OPENAI_BASE_URL=https://from-the-file/v1
NOT_A_PROVIDER_SETTING=1
ENV
export IMAGEQUEUE_PROVIDERS_OPENAI_BASE_URL=https://from-the-environment/v1
load_providers_file "$TMP/providers.env" 2>"$TMP/warnings"
choose_providers "$SIM" OPENAI BFL GEMINI
check "a key in the file makes the provider real, quotes removed" "bfl-secret" "$IMAGEQUEUE_PROVIDERS_BFL_API_KEY"
check "the environment wins over the file" "https://from-the-environment/v1" "$IMAGEQUEUE_PROVIDERS_OPENAI_BASE_URL"
check "real and simulated from file and environment" "OPENAI BFL / GEMINI" "${REAL_PROVIDERS[*]} / ${SIMULATED_PROVIDERS[*]}"
check "other settings in the file are ignored with a warning" "" "${NOT_A_PROVIDER_SETTING:-}"
check "the warning names the file" "1" "$(grep -c "providers.env: ignoring" "$TMP/warnings")"

fresh
load_providers_file "$TMP/does-not-exist"
choose_providers "$SIM" OPENAI
check "a missing file changes nothing" "OPENAI" "${SIMULATED_PROVIDERS[*]}"

((failures == 0)) || { printf '%d failed\n' "$failures"; exit 1; }
echo "all passed"
