#!/usr/bin/env bash
# Makes the base image of examples/orders offline: Docker Hub is unreachable here, so the image is a
# Debian bookworm rootfs from debootstrap (Debian's archive is reachable) turned into an image with
# `docker import`. Idempotent: does nothing when the image exists. Needs root on Debian to install
# debootstrap and to run it.
set -euo pipefail

IMAGE=${IQA_EXAMPLE_BASE:-local/iqa-example-base:bookworm-1}
log() { printf 'example-base: %s\n' "$*" >&2; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE is present"
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  else
    log "debootstrap is missing (Debian/Ubuntu: sudo apt-get install debootstrap), and it must run as root"
    exit 1
  fi
fi

# The same mirror scripts/setup.sh uses: the machine's own apt sources, never a hard-coded host.
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -oE '^(URIs:|deb) +https?://[^ ]+/debian( |$)' | grep -oE 'https?://[^ ]+' | head -n1 || true)
[ -n "$mirror" ] || { log "no Debian archive found in the apt sources"; exit 1; }

start=$(date +%s)
root=$(mktemp -d /tmp/iqa-example-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
log "debootstrap bookworm from $mirror into $root"
debootstrap --variant=minbase --include=nodejs,postgresql,redis-server,ca-certificates \
  bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -n 30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
# Keep the image small and reproducible-ish: no apt lists or caches baked in.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
tar -C "$root" -c . | docker import \
  -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  - "$IMAGE" >/dev/null
log "built $IMAGE in $(($(date +%s) - start))s ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
