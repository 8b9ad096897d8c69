#!/usr/bin/env bash
# Builds the three images from the jars of a previous Maven build (run from anywhere):
#   deploy/docker/build-images.sh [TAG]        (default tag: dev)
# Builds the jars first when one is missing. Needs Docker with BuildKit (the default since Docker 23).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${1:-dev}"
cd "$ROOT"
if [[ ! -f api-service/target/quarkus-app/quarkus-run.jar || ! -f worker-service/target/quarkus-app/quarkus-run.jar \
      || ! -f provider-simulator/target/provider-simulator.jar ]]; then
  ./mvnw -B -q -Dstyle.color=never -DskipTests -pl api-service,worker-service,provider-simulator -am package
fi
for service in api-service worker-service; do
  docker build -f deploy/docker/quarkus-app.Dockerfile --build-arg SERVICE="$service" -t "imagequeue/$service:$TAG" .
done
docker build -f deploy/docker/provider-simulator.Dockerfile -t "imagequeue/provider-simulator:$TAG" .
echo "built imagequeue/{api-service,worker-service,provider-simulator}:$TAG"
