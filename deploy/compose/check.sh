#!/bin/sh
# CI: the compose example parses and validates against the Compose schema (docker-compose config; no
# engine needed), and HAProxy accepts its configuration (haproxy -c). Nothing is started.
set -eu
cd "$(dirname "$0")/.."
for tool in docker-compose haproxy; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install docker-compose haproxy)" >&2; exit 1; }
done
POSTGRES_PASSWORD=check docker-compose --project-name vpnaas -f compose.yaml config --quiet
echo "docker-compose config compose.yaml: ok"
haproxy -c -q -f compose/haproxy.cfg
echo "haproxy -c compose/haproxy.cfg: ok"
