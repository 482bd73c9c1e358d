#!/usr/bin/env bash
# A real three-node Docker Swarm on one machine, for the multi-node tests (issue 17).
#
#   sudo bash scripts/swarm.sh up      start it (idempotent: a running cluster is left as it is)
#   sudo bash scripts/swarm.sh down    stop it and remove everything it made
#   bash scripts/swarm.sh status       what runs, and the variables the tests read
#
# Each node is its own dockerd in its own network namespace (iqa-sw1..3), on a veth pair into a
# private bridge (iqa-swbr, 192.168.77.0/24, the host is .1, node N is .1N), with its own
# --data-root, --exec-root, socket and pidfile. Node 1 is the manager; 2 and 3 join as workers.
# Every engine listens on its unix socket and on tcp://192.168.77.1N:2375 (no TLS: the bridge is
# reachable from this host only). The kernel has VXLAN (overlay networks) but no IPVS, so the
# ingress routing mesh does not balance: published ports are host-mode.
#
# The cluster's registry: docker-registry on 192.168.77.1:5077, and in every namespace (and on the
# host) a socat forwarder on 127.0.0.1:5077. So `127.0.0.1:5077/app@sha256:…` names the same image
# on the host and on every node, and every engine treats it as the plain-HTTP registry Docker
# allows on loopback without --insecure-registry.
#
# What the tests read is written to /run/iqa-swarm/env (shell assignments).
set -euo pipefail

nodes=(1 2 3)
bridge=iqa-swbr
subnet_prefix=192.168.77
host_ip=$subnet_prefix.1
registry_port=5077
state=/run/iqa-swarm
data=/var/lib/iqa-swarm

log() { printf 'swarm: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
node_ip() { echo "$subnet_prefix.1$1"; }
node_sock() { echo "unix://$state/n$1/docker.sock"; }
dk() { local n=$1; shift; docker -H "$(node_sock "$n")" "$@"; }
# Enters only the node's network namespace: `ip netns exec` also remounts /sys, which hides the
# cgroup hierarchy dockerd needs ("Devices cgroup isn't mounted").
in_ns() { local n=$1; shift; nsenter --net="/var/run/netns/iqa-sw$n" "$@"; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

preflight() {
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, dockerd): sudo bash $0 $*"
  local missing=()
  for c in ip iptables dockerd docker docker-registry socat; do command -v "$c" >/dev/null || missing+=("$c"); done
  [ ${#missing[@]} = 0 ] || die "missing ${missing[*]}: run scripts/setup.sh (Debian: apt-get install iproute2 iptables docker.io docker-registry socat)"
  [ -d /sys/module/vxlan ] || [ -d /sys/module/vxlan/ ] || log "warning: the vxlan module is not loaded; overlay networks may fail"
}

network_up() {
  ip link show "$bridge" >/dev/null 2>&1 || {
    ip link add "$bridge" type bridge
    ip addr add "$host_ip/24" dev "$bridge"
  }
  ip link set "$bridge" up
  sysctl -qw net.ipv4.ip_forward=1
  # Docker's FORWARD policy is DROP; with br_netfilter, traffic between the nodes' veths crosses it.
  iptables -C FORWARD -i "$bridge" -o "$bridge" -j ACCEPT 2>/dev/null ||
    iptables -I FORWARD -i "$bridge" -o "$bridge" -j ACCEPT
  for n in "${nodes[@]}"; do
    local ns=iqa-sw$n veth=iqa-sw$n-h
    ip netns list | grep -qw "$ns" || ip netns add "$ns"
    if ! ip link show "$veth" >/dev/null 2>&1; then
      ip link add "$veth" type veth peer name eth0 netns "$ns"
      ip link set "$veth" master "$bridge" up
      ip -n "$ns" addr add "$(node_ip "$n")/24" dev eth0
    fi
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route replace default via "$host_ip"
    ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
  done
}

forwarder() { # $1: pidfile, then the command prefix that enters the namespace (or nothing)
  local pidfile=$1; shift
  alive "$pidfile" && return 0
  "$@" socat "TCP-LISTEN:$registry_port,bind=127.0.0.1,fork,reuseaddr" "TCP:$host_ip:$registry_port" \
    >/dev/null 2>&1 &
  echo $! >"$pidfile"
}

registry_up() {
  mkdir -p "$state/registry" "$data/registry"
  if ! alive "$state/registry/pid"; then
    cat >"$state/registry/config.yml" <<EOF
version: 0.1
log: { level: warn, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $data/registry }, delete: { enabled: true } }
http: { addr: "$host_ip:$registry_port" }
EOF
    env -u REGISTRY_HTTP_ADDR docker-registry serve "$state/registry/config.yml" >"$state/registry/log" 2>&1 &
    echo $! >"$state/registry/pid"
  fi
  forwarder "$state/registry/forward-host.pid"
  for n in "${nodes[@]}"; do forwarder "$state/registry/forward-n$n.pid" in_ns "$n"; done
  for _ in $(seq 1 50); do
    curl -fsS "http://127.0.0.1:$registry_port/v2/" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "the registry does not answer on 127.0.0.1:$registry_port; see $state/registry/log"
}

engine_up() {
  local n=$1 dir=$state/n$1
  mkdir -p "$dir" "$data/n$n"
  alive "$dir/dockerd.pid" && return 0
  # Its own config file: the host's /etc/docker/daemon.json is for the host engine.
  echo '{}' >"$dir/daemon.json"
  # Its own UTS namespace too, so the swarm names the node iqa-swN (as a verdict names it).
  in_ns "$n" unshare --uts -- sh -c 'hostname "$0" && exec dockerd "$@"' "iqa-sw$n" \
    --config-file "$dir/daemon.json" \
    --data-root "$data/n$n" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "$(node_sock "$n")" -H "tcp://$(node_ip "$n"):2375" \
    --storage-driver overlay2 --log-level warn \
    >"$dir/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do
    dk "$n" info >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -n 30 "$dir/dockerd.log" >&2
  die "dockerd of node $n did not start; see $dir/dockerd.log"
}

swarm_up() {
  if [ "$(dk 1 info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    # The overlay pool must not overlap the bridge or the engines' own bridges.
    dk 1 swarm init --advertise-addr "$(node_ip 1)" --listen-addr "$(node_ip 1):2377" \
      --default-addr-pool 10.177.0.0/16 --default-addr-pool-mask-length 24 >/dev/null
  fi
  local token
  token=$(dk 1 swarm join-token -q worker)
  for n in "${nodes[@]:1}"; do
    [ "$(dk "$n" info --format '{{.Swarm.LocalNodeState}}')" = active ] && continue
    dk "$n" swarm join --token "$token" --advertise-addr "$(node_ip "$n")" "$(node_ip 1):2377" >/dev/null
  done
  for n in "${nodes[@]}"; do
    local id
    id=$(dk "$n" info --format '{{.Swarm.NodeID}}')
    dk 1 node update --label-add "iqa.node=n$n" "$id" >/dev/null
  done
  for _ in $(seq 1 60); do
    [ "$(dk 1 node ls --filter role=worker --format '{{.Status}}' | grep -c Ready)" = $((${#nodes[@]} - 1)) ] && return 0
    sleep 0.5
  done
  dk 1 node ls >&2
  die "the workers did not become Ready"
}

write_env() {
  {
    echo "IQA_SWARM_MANAGER=$(node_sock 1)"
    echo "IQA_SWARM_NODES='$(for n in "${nodes[@]}"; do printf '%s ' "$(node_sock "$n")"; done | sed 's/ $//')'"
    echo "IQA_SWARM_TCP='$(for n in "${nodes[@]}"; do printf 'tcp://%s:2375 ' "$(node_ip "$n")"; done | sed 's/ $//')'"
    echo "IQA_SWARM_REGISTRY=127.0.0.1:$registry_port"
  } >"$state/env"
}

up() {
  preflight up
  mkdir -p "$state" "$data"
  network_up
  registry_up
  local pids=()
  for n in "${nodes[@]}"; do engine_up "$n" & pids+=($!); done
  # (Not a bare `wait`: the registry and forwarders are background jobs of this shell too.)
  wait "${pids[@]}"
  for n in "${nodes[@]}"; do dk "$n" info >/dev/null 2>&1 || die "node $n is not up"; done
  swarm_up
  write_env
  log "ready: $(dk 1 node ls --format '{{.Hostname}}/{{.Status}}/{{.ManagerStatus}}' | wc -l) nodes, registry 127.0.0.1:$registry_port; variables in $state/env"
}

stop_pid() {
  local pidfile=$1
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  local pid
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

down() {
  preflight down
  local pids=()
  for n in "${nodes[@]}"; do
    [ -S "$state/n$n/docker.sock" ] && dk "$n" swarm leave --force >/dev/null 2>&1 || true
  done
  for n in "${nodes[@]}"; do
    [ -S "$state/n$n/docker.sock" ] && dk "$n" rm -f $(dk "$n" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
    stop_pid "$state/n$n/dockerd.pid" & pids+=($!)
  done
  wait "${pids[@]}"
  for f in "$state"/registry/*.pid "$state/registry/pid"; do [ -e "$f" ] && stop_pid "$f"; done
  # What a killed dockerd may leave mounted under its roots.
  grep -oE " ($data|$state)/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  for n in "${nodes[@]}"; do
    ip link del "iqa-sw$n-h" 2>/dev/null || true
    ip netns del "iqa-sw$n" 2>/dev/null || true
  done
  iptables -D FORWARD -i "$bridge" -o "$bridge" -j ACCEPT 2>/dev/null || true
  ip link del "$bridge" 2>/dev/null || true
  rm -rf "$state" "$data"
  log "down"
}

status() {
  [ -f "$state/env" ] || { log "not running (no $state/env)"; exit 1; }
  cat "$state/env"
  dk 1 node ls
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up|down|status" ;;
esac
