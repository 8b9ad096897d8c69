#!/usr/bin/env bash
# Calls the admin API of the local stack (or of any deployment: set IMAGEQUEUE_URL and
# IMAGEQUEUE_ADMIN_TOKEN). Reads the address from .run/env and the token from .run/admin-token,
# both written by deploy/local/up.sh. Prints the JSON answers; exits non-zero on an HTTP error.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<EOF
Usage: deploy/local/admin.sh COMMAND [ARGS]

  create-tenant TENANT [NAME]                    create a tenant (no credits yet)
  create-key TENANT [LABEL] [JSON_FIELDS]        create a key; the key is printed once, never again
                                                 e.g. create-key acme ci '"allowed_models": ["dall-e-3"], "requests_per_minute": 60'
  keys TENANT                                    list keys: prefix, label, dates, limits (never the key)
  revoke TENANT KEY_ID                           revoke a key (its id from 'keys')
  top-up TENANT AMOUNT [NOTE]                    add credits
  credits TENANT                                 balance, reserved credits and the newest ledger rows
EOF
}

ENV_TOKEN="${IMAGEQUEUE_ADMIN_TOKEN:-}"
ENV_URL="${IMAGEQUEUE_URL:-}"
if [[ -f "$RUN_DIR/env" ]]; then
  # shellcheck disable=SC1091
  source "$RUN_DIR/env"
fi
URL="${ENV_URL:-${IMAGEQUEUE_URL:-}}"
TOKEN="$ENV_TOKEN"
if [[ -z "$TOKEN" && -s "$RUN_DIR/admin-token" ]]; then
  TOKEN="$(tr -d '\n' <"$RUN_DIR/admin-token")"
fi
[[ -n "$URL" ]] || die "no IMAGEQUEUE_URL: start the stack with deploy/local/up.sh (it writes .run/env) or export it"
[[ -n "$TOKEN" ]] || die "no admin token: .run/admin-token is missing and IMAGEQUEUE_ADMIN_TOKEN is unset"

# JSON string literal of $1 (quotes and backslashes escaped).
json_string() {
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}

call() {
  local method="$1" path="$2" body="${3:-}"
  # The token goes in through stdin (-H @-), never on the command line where ps would show it.
  local args=(-sS -X "$method" "$URL$path" -H @- -w '\n%{http_code}')
  if [[ -n "$body" ]]; then
    args+=(-H 'Content-Type: application/json' -d "$body")
  fi
  local answer status
  answer="$(curl "${args[@]}" <<<"Authorization: Bearer $TOKEN")"
  status="${answer##*$'\n'}"
  printf '%s\n' "${answer%$'\n'*}"
  [[ "$status" =~ ^2 ]] || die "HTTP $status"
}

(($#)) || { usage >&2; exit 2; }
command="$1"
shift
case "$command" in
  create-tenant)
    (($# >= 1)) || die "create-tenant TENANT [NAME]"
    call POST /admin/tenants "{\"id\": $(json_string "$1"), \"name\": $(json_string "${2:-$1}")}"
    ;;
  create-key)
    (($# >= 1)) || die "create-key TENANT [LABEL] [JSON_FIELDS]"
    fields="\"label\": $(json_string "${2:-}")"
    if [[ -n "${3:-}" ]]; then fields="$fields, $3"; fi
    call POST "/admin/tenants/$1/keys" "{$fields}"
    ;;
  keys)
    (($# == 1)) || die "keys TENANT"
    call GET "/admin/tenants/$1/keys"
    ;;
  revoke)
    (($# == 2)) || die "revoke TENANT KEY_ID"
    call POST "/admin/tenants/$1/keys/$2/revoke"
    ;;
  top-up)
    (($# >= 2)) || die "top-up TENANT AMOUNT [NOTE]"
    [[ "$2" =~ ^[0-9]+(\.[0-9]{1,4})?$ ]] || die "AMOUNT must be a number like 25 or 12.50"
    body="{\"amount\": $2"
    if [[ -n "${3:-}" ]]; then body="$body, \"note\": $(json_string "$3")"; fi
    call POST "/admin/tenants/$1/credits" "$body}"
    ;;
  credits)
    (($# == 1)) || die "credits TENANT"
    call GET "/admin/tenants/$1/credits"
    ;;
  -h | --help | help) usage ;;
  *) usage >&2; die "unknown command: $command" ;;
esac
