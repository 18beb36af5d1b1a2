#!/usr/bin/env bash
# The cost of one echo as the watched set grows: N connections, one active and N - 1 idle, against the select,
# poll and selector models and their C twins (bench/c/echo_multiplex.c, echo_epoll.c).
#
# usage: bench/per-echo.sh [--counts 1,10,100,1000] [--echoes K] [--models select,poll,selector,c-select,c-poll,c-epoll]
#                          [--out DIR] [--no-plot]
#
# For each model and count, bench/c/echo_pingpong.c connects N clients, warms up, then sends 64 bytes on the
# active one and waits for the echo, K times (default 20,000): the server's CPU time per echo comes from
# /proc/PID/stat (user + system, every thread). A second, shorter pass (K / 10) runs under strace -c attached to
# every thread of the server: the system calls per echo, and the kernel's share of them. select(2) and poll(2) are
# handed the whole set on every call, so their cost grows with N; epoll (the selector model and echo_epoll.c)
# returns only the ready descriptor, so it does not. Writes DIR/per-echo.csv and DIR/per-echo.png (DIR defaults to
# bench/results).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

counts=1,10,100,1000 echoes=20000 models=select,poll,selector,c-select,c-poll,c-epoll out=bench/results plot=yes
while [ $# -gt 0 ]; do
  case $1 in
    --counts) counts=$2; shift ;;
    --echoes) echoes=$2; shift ;;
    --models) models=$2; shift ;;
    --out) out=$2; shift ;;
    --no-plot) plot=no ;;
    -h|--help) sed -n '2,15p' "$0" | cut -c3-; exit 0 ;;
    *) echo "per-echo.sh: unknown option '$1': see bench/per-echo.sh --help" >&2; exit 2 ;;
  esac
  shift
done
[[ $echoes =~ ^[1-9][0-9]*$ ]] || { echo "per-echo.sh: bad --echoes '$echoes': expected a positive integer" >&2; exit 2; }
command -v strace >/dev/null || { echo "per-echo.sh: strace is needed for the system calls: apt-get install strace" >&2; exit 1; }
conc_jar=concurrent-server/target/concurrent-server.jar
plot_jar=bench/plot/target/bench-plot.jar
if [ ! -f $conc_jar ] || { [ $plot = yes ] && [ ! -f $plot_jar ]; }; then
  echo "building the jars: ./mvnw -q -DskipTests package" >&2
  ./mvnw -q -DskipTests package -pl concurrent-server,bench/plot -am
fi
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for c in echo_multiplex echo_epoll echo_pingpong; do
  gcc -O2 -pthread -o "$work/$c" "bench/c/$c.c" || { echo "per-echo.sh: cannot compile bench/c/$c.c: install gcc" >&2; exit 1; }
done

start_server() { # MODEL: sets server_pid and port
  case $1 in
    c-select) "$work/echo_multiplex" select 0 4096 >"$work/server.out" 2>&1 & ;;
    c-poll) "$work/echo_multiplex" poll 0 4096 >"$work/server.out" 2>&1 & ;;
    c-epoll) "$work/echo_epoll" 0 4096 >"$work/server.out" 2>&1 & ;;
    *) java -XX:+UseSerialGC -jar $conc_jar --model "$1" --backlog 4096 0 >"$work/server.out" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 200); do
    port=$(sed -n 's/^Waiting for incoming connections at port \([0-9]*\).*/\1/p' "$work/server.out")
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  echo "per-echo.sh: the $1 server did not start: $(tail -1 "$work/server.out")" >&2
  exit 1
}

csv="$out/per-echo.csv"
mkdir -p "$out"
echo "model,connections,cpu_us_per_echo,wall_us_per_echo,syscalls_per_echo,wait_call" >"$csv"
printf '%-9s %12s %16s %17s %18s  %s\n' model connections "CPU µs/echo" "wall µs/echo" "syscalls/echo" "the wait"
IFS=, read -r -a model_list <<<"$models"
IFS=, read -r -a count_list <<<"$counts"
for model in "${model_list[@]}"; do
  for n in "${count_list[@]}"; do
    start_server "$model" # a fresh server for each count: the idle connections of the last one are gone
    result=$("$work/echo_pingpong" "$port" "$n" "$echoes" "$server_pid")
    cpu=${result#cpu_us_per_echo=}; cpu=${cpu%% *}
    wall=${result##*wall_us_per_echo=}
    # The second pass: strace -c on every thread of the server while K / 10 echoes run.
    traced=$((echoes / 10))
    mkfifo "$work/go"
    "$work/echo_pingpong" "$port" "$n" "$traced" "$server_pid" --pause <"$work/go" >"$work/pass2.out" &
    driver=$!
    exec 3>"$work/go"
    until grep -q ready "$work/pass2.out" 2>/dev/null; do sleep 0.05; done
    strace -c -f -qq -o "$work/strace.txt" -p "$server_pid" & # -f -p: every thread of the process
    strace_pid=$!
    sleep 1 # strace attaches to every thread before the echoes start
    echo go >&3
    wait $driver
    exec 3>&-
    rm -f "$work/go"
    kill -INT $strace_pid; wait $strace_pid 2>/dev/null || true
    calls=$(awk '$NF == "total" { print $4 }' "$work/strace.txt") # % time, seconds, usecs/call, calls
    wait_call=$(awk '$NF ~ /^(select|pselect6|poll|ppoll|epoll_wait|epoll_pwait)$/ { print $NF }' "$work/strace.txt" | head -1)
    per=$(awk -v c="$calls" -v k="$traced" 'BEGIN { printf "%.2f", c / k }')
    printf '%-9s %12d %16s %17s %18s  %s\n' "$model" "$n" "$cpu" "$wall" "$per" "${wait_call:-?}"
    echo "$model,$n,$cpu,$wall,$per,${wait_call:-}" >>"$csv"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  done
done
echo "wrote $csv"
if [ $plot = yes ]; then
  java -cp $plot_jar org.socketlab.bench.PerEchoPlot "$csv" "$out/per-echo.png"
  echo "wrote $out/per-echo.png"
fi
