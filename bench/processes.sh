#!/usr/bin/env bash
# Lab 2's cost of a process per connection: connections per second and the latency from connect() to the echo
# (connect, echo 16 bytes, close, repeat), for the process and prefork models, the thread model, and their C twins
# (bench/c/echo_fork.c, TCPechod's fork per connection; bench/c/echo_threads.c).
#
# usage: bench/processes.sh [--connections C] [--seconds S] [--models process,prefork,thread,c-fork,c-thread]
# Each model runs alone; the figures are the load generator's report (echo-client bench --mode conn).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
connections=1 seconds=10 models=process,prefork,thread,c-fork,c-thread
while [ $# -gt 0 ]; do
  case $1 in
    --connections) connections=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --models) models=$2; shift ;;
    -h|--help) sed -n '2,7p' "$0" | cut -c3-; exit 0 ;;
    *) echo "processes.sh: unknown option '$1': see bench/processes.sh --help" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
conc_jar=concurrent-server/target/concurrent-server.jar
client_jar=echo-client/target/echo-client.jar
if [ ! -f $conc_jar ] || [ ! -f $client_jar ]; then
  echo "building the jars: ./mvnw -q -DskipTests package" >&2
  ./mvnw -q -DskipTests package -pl echo-client,concurrent-server -am
fi
for c in echo_fork echo_threads; do
  gcc -O2 -pthread -o "$work/$c" "bench/c/$c.c" || { echo "processes.sh: cannot compile bench/c/$c.c: install gcc" >&2; exit 1; }
done

printf '%-10s %12s %12s %12s\n' model conns/s p50_ms p99_ms
IFS=, read -r -a model_list <<<"$models"
for model in "${model_list[@]}"; do
  case $model in
    process|thread) server=(java -jar $conc_jar --model "$model" 0) ;;
    prefork) server=(java -jar $conc_jar --model prefork --workers 4 0) ;;
    c-fork) server=("$work/echo_fork" 0) ;;
    c-thread) server=("$work/echo_threads" 0) ;;
    *) echo "processes.sh: unknown model '$model'" >&2; exit 2 ;;
  esac
  "${server[@]}" >"$work/out" 2>/dev/null &
  server_pid=$!
  for _ in $(seq 200); do grep -q '^Waiting' "$work/out" && break; sleep 0.1; done
  port=$(grep -o 'port [0-9]*' "$work/out" | head -1 | cut -d' ' -f2)
  if [ "$model" = prefork ]; then # the workers are JVMs too: wait until all four serve
    for _ in $(seq 300); do [ "$(grep -c '^Worker' "$work/out")" -ge 4 ] && break; sleep 0.1; done
    java -jar $client_jar bench 127.0.0.1 "$port" --mode conn --connections 4 --count 2 >/dev/null 2>&1
  fi
  report=$(java -jar $client_jar bench 127.0.0.1 "$port" --mode conn --connections "$connections" \
    --duration "${seconds}s" 2>/dev/null)
  rate=$(awk '/^throughput/ {print $2}' <<<"$report")
  p50=$(awk '/^latency/ {printf "%.1f", $4 / 1000}' <<<"$report")
  p99=$(awk '/^latency/ {printf "%.1f", $8 / 1000}' <<<"$report")
  printf '%-10s %12s %12s %12s\n' "$model" "$rate" "$p50" "$p99"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
done
