#!/usr/bin/env bash
# Two hosts on one machine for activity 9: network namespaces "srv" (10.86.2.1) and "cli" (10.86.2.2) joined by
# a veth pair. gso_max_segs 1 makes tcpdump show the segments a real link would carry, not GSO super-packets.
#
#   sudo scripts/two-hosts.sh up                 create both hosts
#   sudo scripts/two-hosts.sh exec srv|cli CMD…  run CMD on one of them (a server, a client, tcpdump)
#   sudo scripts/two-hosts.sh down               kill what still runs on them, then delete both
#
# TWO_HOSTS_PREFIX (default "lab") names the namespaces PREFIX-srv and PREFIX-cli.
set -euo pipefail

me=$0
prefix=${TWO_HOSTS_PREFIX:-lab}
srv=$prefix-srv
cli=$prefix-cli

fail() {
  echo "$me: $*" >&2
  exit "${code:-1}"
}

usage() {
  code=2 fail "usage: $me up | down | exec srv|cli COMMAND [ARG...]"
}

exists() {
  [ -e "/run/netns/$1" ]
}

up() {
  for ns in "$srv" "$cli"; do
    exists "$ns" && fail "namespace $ns exists already; run '$me down' first"
  done
  trap 'down >/dev/null 2>&1' ERR
  ip netns add "$srv"
  ip netns add "$cli"
  ip link add veth-s netns "$srv" type veth peer name veth-c netns "$cli"
  ip -n "$srv" addr add 10.86.2.1/24 dev veth-s
  ip -n "$cli" addr add 10.86.2.2/24 dev veth-c
  for end in "$srv:veth-s" "$cli:veth-c"; do
    ip -n "${end%%:*}" link set dev "${end#*:}" gso_max_segs 1 up
    ip -n "${end%%:*}" link set dev lo up
  done
  trap - ERR
  echo "server host: namespace $srv, 10.86.2.1 on veth-s; client host: namespace $cli, 10.86.2.2 on veth-c"
}

pids_in() {
  for ns in "$@"; do
    exists "$ns" && ip netns pids "$ns"
  done
  return 0
}

# Processes keep a namespace alive after "ip netns del" removes its name: end them first (TERM lets tcpdump print
# its counts, KILL what ignores it), all before either namespace goes, so that tcpdump does not lose its interface.
down() {
  for signal in TERM KILL; do
    pids=$(pids_in "$srv" "$cli")
    [ -z "$pids" ] && break
    # shellcheck disable=SC2086
    kill -s "$signal" $pids 2>/dev/null || true
    for _ in $(seq 30); do
      [ -z "$(pids_in "$srv" "$cli")" ] && break
      sleep 0.1
    done
  done
  pids=$(pids_in "$srv" "$cli")
  [ -z "$pids" ] || fail "processes $(echo $pids) survive kill -9; the namespaces are left"
  for ns in "$srv" "$cli"; do
    if exists "$ns"; then
      ip netns del "$ns"
    fi
  done
}

run() {
  [ $# -ge 2 ] || usage
  case $1 in
    srv) ns=$srv ;;
    cli) ns=$cli ;;
    *) usage ;;
  esac
  exists "$ns" || fail "namespace $ns does not exist; run '$me up' first"
  shift
  exec ip netns exec "$ns" "$@"
}

[ $# -ge 1 ] || usage
[ "$(id -u)" = 0 ] || fail "network namespaces need root; run it with sudo"
command -v ip >/dev/null || fail "needs iproute2's ip (apt-get install iproute2)"
case $1 in
  up) [ $# -eq 1 ] || usage; up ;;
  down) [ $# -eq 1 ] || usage; down ;;
  exec) shift; run "$@" ;;
  *) usage ;;
esac
