#!/usr/bin/env bash
# Connections per second of the sequential servers, side by side: echo-server.jar, the plain JDK accept loop
# (bench/plain/PlainEchoServer.java, the same lab lines and nothing else) and the C sequential server (bench/c).
#
# usage: bench/conn.sh [--rounds R] [--count N] [--server 'COMMAND ...']
#
# After 5,000 connections of warm-up each, every round drives the servers in turn with the C client
# bench/c/echo_conn.c: N times connect, a 16-byte echo, close (N defaults to 2,000). Prints the median conn/s of each, the server's CPU time per connection (user +
# system, from /proc: steadier than conn/s on a busy machine), and the ratios echo-server / plain and
# echo-server / C, then plain / C. --server replaces echo-server.jar by another command taking PORT last (e.g. an
# older jar). Needs gcc and javac; about 10 s a round here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=3 count=2000 candidate=(java -jar echo-server/target/echo-server.jar --backlog 4096)
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift ;;
    --count) count=$2; shift ;;
    --server) read -r -a candidate <<<"$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0" | cut -c3-; exit 0 ;;
    *) echo "conn.sh: unknown option '$1': see bench/conn.sh --help" >&2; exit 2 ;;
  esac
  shift
done
[[ $rounds =~ ^[1-9][0-9]*$ && $count =~ ^[1-9][0-9]*$ ]] ||
  { echo "conn.sh: --rounds and --count take positive integers, e.g. --rounds 3 --count 2000" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
gcc -O2 -o "$work/echo_seq" bench/c/echo_seq.c && gcc -O2 -o "$work/echo_conn" bench/c/echo_conn.c ||
  { echo "conn.sh: cannot compile bench/c: install gcc" >&2; exit 1; }
javac -d "$work" bench/plain/PlainEchoServer.java || { echo "conn.sh: cannot compile bench/plain" >&2; exit 1; }
[ -f echo-server/target/echo-server.jar ] || ./mvnw -q -DskipTests package -pl echo-server -am

# start NAME COMMAND...: starts a server on port 0; its port (from the waiting line) goes to $work/NAME.port.
start() {
  local name=$1; shift
  : >"$work/$name.out"
  "$@" 0 >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  echo $! >"$work/$name.pid"
  for _ in $(seq 200); do
    local port; port=$(sed -n 's/^Waiting for incoming connections at port \([0-9]*\).*/\1/p' "$work/$name.out")
    [ -n "$port" ] && { echo "$port" >"$work/$name.port"; return; }
    sleep 0.05
  done
  echo "conn.sh: $name did not start: $(head -c 300 "$work/$name.err")" >&2
  exit 1
}
median() { sort -g | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
start echo-server "${candidate[@]}"
start plain java -cp "$work" PlainEchoServer
start c-sequential "$work/echo_seq"
names=(echo-server plain c-sequential)
for name in "${names[@]}"; do # the JIT compiles the accept path before anything is measured
  "$work/echo_conn" 127.0.0.1 "$(cat "$work/$name.port")" 5000 >/dev/null
done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$(cat "$work/$1.pid")/stat"; }
for _ in $(seq "$rounds"); do
  for name in "${names[@]}"; do
    before=$(cpu_ticks "$name")
    "$work/echo_conn" 127.0.0.1 "$(cat "$work/$name.port")" "$count" >>"$work/$name.rate"
    awk -v a="$before" -v b="$(cpu_ticks "$name")" -v hz="$(getconf CLK_TCK)" -v n="$count" \
      'BEGIN {print (b - a) * 1e6 / hz / n}' >>"$work/$name.cpu"
  done
done
for name in "${names[@]}"; do
  printf '%-13s %8.0f conn/s  %6.1f us CPU per connection (medians of %d runs of %d connections)\n' "$name" \
    "$(median <"$work/$name.rate")" "$(median <"$work/$name.cpu")" "$rounds" "$count"
done
ratio() { awk -v a="$(median <"$work/$1.rate")" -v b="$(median <"$work/$2.rate")" 'BEGIN {printf "%.2f", a / b}'; }
echo "echo-server / plain $(ratio echo-server plain)   echo-server / C $(ratio echo-server c-sequential)" \
  "  plain / C $(ratio plain c-sequential)"
