#!/usr/bin/env bash
# Installs (idempotently) and starts what immutable-qa and its tests need:
# Docker engine, buildx + Compose v2 CLI plugins, docker-compose v1, docker-registry,
# skopeo and busybox-static. On a machine that already has them, nothing is installed.
# Installing needs Debian and root; elsewhere it names what is missing and how to get it.
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
plugin_dir=/usr/local/lib/docker/cli-plugins

static_busybox() { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }

want_pkgs=()
docker info >/dev/null 2>&1 || have dockerd || want_pkgs+=(docker.io)
have docker-registry || want_pkgs+=(docker-registry)
have skopeo || want_pkgs+=(skopeo)
static_busybox || want_pkgs+=(busybox-static)
have docker-compose || want_pkgs+=(docker-compose)
have htpasswd || want_pkgs+=(apache2-utils)
# The multi-node swarm of scripts/swarm.sh: namespaces, veths, a bridge, the registry forwarders.
have ip || want_pkgs+=(iproute2)
have iptables || want_pkgs+=(iptables)
have nsenter || want_pkgs+=(util-linux)
have socat || want_pkgs+=(socat)
have curl || want_pkgs+=(curl)

can_apt() { [ "$(id -u)" = 0 ] && have apt-get; }

if [ ${#want_pkgs[@]} -gt 0 ]; then
  # de-duplicate
  mapfile -t want_pkgs < <(printf '%s\n' "${want_pkgs[@]}" | sort -u)
  if can_apt; then
    log "installing ${want_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${want_pkgs[@]}" >/dev/null
  else
    log "missing: ${want_pkgs[*]}. Install them with your package manager (Debian/Ubuntu: sudo apt-get install ${want_pkgs[*]}), or Docker Desktop for the engine."
    exit 1
  fi
fi

# buildx and Compose v2 are CLI plugins; Debian bookworm lacks them, trixie ships static binaries.
need_plugins=()
docker buildx version >/dev/null 2>&1 || need_plugins+=(docker-buildx)
docker compose version >/dev/null 2>&1 || need_plugins+=(docker-compose)
if [ ${#need_plugins[@]} -gt 0 ]; then
  if can_apt; then
    host=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
      | grep -oE '^(URIs:|deb) +https?://[^ ]+/debian( |$)' | grep -oE 'https?://[^ ]+' | head -n1 || true)
    [ -n "$host" ] || { log "no Debian archive found in the apt sources"; exit 1; }
    d=$(mktemp -d); mkdir -p "$d/lists/partial"
    echo "deb $host trixie main" > "$d/sources.list"
    o=(-oDir::Etc::SourceList="$d/sources.list" -oDir::Etc::SourceParts=/dev/null -oDir::State::Lists="$d/lists" -oAPT::Sandbox::User=root)
    log "fetching ${need_plugins[*]} from trixie ($host)"
    apt-get "${o[@]}" update -qq
    (cd "$d" && apt-get "${o[@]}" download -qq "${need_plugins[@]}")
    for f in "$d"/*.deb; do dpkg -x "$f" "$d/x"; done
    mkdir -p "$plugin_dir"
    cp "$d"/x/usr/libexec/docker/cli-plugins/* "$plugin_dir/"
    rm -rf "$d"
  else
    log "missing Docker CLI plugins: ${need_plugins[*]}. See https://docs.docker.com/engine/install/ (docker-buildx-plugin, docker-compose-plugin)."
    exit 1
  fi
fi

# Start the engine when nothing answers.
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && have dockerd; then
    log "starting dockerd"
    nohup dockerd >/var/log/dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/dockerd.log"; tail -n 20 /var/log/dockerd.log >&2; exit 1; }
  else
    log "the Docker engine is not running: start Docker Desktop or 'sudo systemctl start docker'"
    exit 1
  fi
fi
log "ready: $(docker version --format 'engine {{.Server.Version}}'), $(docker buildx version | cut -d' ' -f1-2), $(docker compose version --short 2>/dev/null | sed 's/^/compose /')"

# The example app builds FROM scratch around a static busybox kept out of git.
example="$(cd "$(dirname "$0")/.." && pwd)/examples/hello"
if [ -d "$example" ] && [ ! -f "$example/busybox" ]; then
  if static_busybox; then cp /bin/busybox "$example/busybox"
  else log "examples/hello needs a static busybox binary at examples/hello/busybox (Debian: apt-get install busybox-static)"; exit 1; fi
fi
