#!/usr/bin/env bash
# Creates (or updates) the Secrets imagequeue reads, in namespace ${NAMESPACE:-imagequeue}, without writing a
# value to disk or to the repository. Values come from the environment; missing ones are generated randomly
# (S3 credentials, bootstrap key) or left out (provider keys: only the providers you route to need one).
#   IMAGEQUEUE_S3_ACCESS_KEY / IMAGEQUEUE_S3_SECRET_KEY   S3 (or the infra overlay's MinIO root) credentials
#   IMAGEQUEUE_BOOTSTRAP_API_KEY                           local overlay only: the "local" tenant's API key
#   IMAGEQUEUE_ADMIN_TOKEN                                 the admin API's token (random when unset)
#   IMAGEQUEUE_WEBHOOKS_SIGNING_KEY                        webhook secrets derive from it (random when unset; kept once made)
#   IMAGEQUEUE_PROVIDER_KEY_<PROVIDER>                     e.g. IMAGEQUEUE_PROVIDER_KEY_BFL, ..._OPENAI
#   --local                                                every provider key "sim-key" (for the simulator)
set -euo pipefail
NS="${NAMESPACE:-imagequeue}"
LOCAL=false
[[ "${1:-}" == "--local" ]] && LOCAL=true
random() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
apply() { kubectl -n "$NS" create secret generic "$@" --dry-run=client -o yaml | kubectl apply -f -; }

kubectl get namespace "$NS" >/dev/null 2>&1 || kubectl create namespace "$NS"

if ! kubectl -n "$NS" get secret imagequeue-s3 >/dev/null 2>&1 || [[ -n "${IMAGEQUEUE_S3_SECRET_KEY:-}" ]]; then
  apply imagequeue-s3 \
    --from-literal=access-key="${IMAGEQUEUE_S3_ACCESS_KEY:-imagequeue}" \
    --from-literal=secret-key="${IMAGEQUEUE_S3_SECRET_KEY:-$(random 24)}"
fi

provider_args=()
for p in bfl openai gemini dashscope stability ideogram automatic1111; do
  var="IMAGEQUEUE_PROVIDER_KEY_${p^^}"
  if [[ -n "${!var:-}" ]]; then
    provider_args+=("--from-literal=$p=${!var}")
  elif $LOCAL; then
    provider_args+=("--from-literal=$p=sim-key")
  fi
done
apply imagequeue-providers "${provider_args[@]}"

if ! kubectl -n "$NS" get secret imagequeue-admin >/dev/null 2>&1 || [[ -n "${IMAGEQUEUE_ADMIN_TOKEN:-}" ]]; then
  apply imagequeue-admin --from-literal=token="${IMAGEQUEUE_ADMIN_TOKEN:-$(random 32)}"
fi

if ! kubectl -n "$NS" get secret imagequeue-webhooks >/dev/null 2>&1 || [[ -n "${IMAGEQUEUE_WEBHOOKS_SIGNING_KEY:-}" ]]; then
  apply imagequeue-webhooks --from-literal=signing-key="${IMAGEQUEUE_WEBHOOKS_SIGNING_KEY:-$(random 32)}"
fi

if $LOCAL; then
  key="${IMAGEQUEUE_BOOTSTRAP_API_KEY:-iq_local_$(random 16)}"
  if ! kubectl -n "$NS" get secret imagequeue-bootstrap >/dev/null 2>&1 || [[ -n "${IMAGEQUEUE_BOOTSTRAP_API_KEY:-}" ]]; then
    apply imagequeue-bootstrap --from-literal=api-key="$key"
  fi
  echo "bootstrap API key: kubectl -n $NS get secret imagequeue-bootstrap -o jsonpath='{.data.api-key}' | base64 -d"
fi
