#!/usr/bin/env bash
# Where a server model's time goes: CPU and context switches per round trip, from /proc, under the load of run.sh.
#
# usage: bench/profile.sh [--seconds S] MODEL|c-epoll [CONNECTIONS]   (after bench/run.sh has built everything)
#        MODEL: one of run.sh's, the reference rows netty, c-thread and c-workers included
#
# Prints, for the server process while the load generator runs (S seconds, default 3, after 1 s of warm-up;
# the rate is the load generator's over the whole run): round trips per second, CPU microseconds per
# round trip (user and system), voluntary and involuntary context switches per round trip (summed over its
# threads), and how many threads it had. A thread that blocks for each message shows about one voluntary switch
# per round trip; an event loop that finds many ready connections per wake-up shows far fewer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=3
[ "${1:-}" = --seconds ] && { seconds=$2; shift 2; }
model=${1:?usage: bench/profile.sh [--seconds S] MODEL|c-epoll [CONNECTIONS]}
n=${2:-100}
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT # pid is unset if we exit before the server starts
# compile NAME: bench/c/NAME.c into $work/NAME, or one line and exit 1
compile() {
  gcc -O2 -pthread -o "$work/$1" "bench/c/$1.c" ||
    { echo "profile.sh: cannot compile bench/c/$1.c: install gcc" >&2; exit 1; }
}
source bench/servers.sh # server_command
case $model in
  c-epoll | c-workers) compile echo_epoll ;;
  c-thread) compile echo_threads ;;
esac
server_command "$model" "$work"
cmd=("${server[@]}")
if [[ $model = virtual* ]]; then
  cmd[0]=${JAVA21:-java}
fi
: >"$work/out"
"${cmd[@]}" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 200); do
  port=$(sed -n 's/^Waiting for incoming connections at port \([0-9]*\).*/\1/p' "$work/out" | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "profile.sh: $model did not start: $(head -c 300 "$work/err")" >&2; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "profile.sh: $model printed no port within 10 s" >&2; exit 1; }
client=(java -jar bench/load/target/bench-load.jar 127.0.0.1 "$port" --connections "$n" --json)
"${client[@]}" --duration 2s >/dev/null 2>&1 || true # warm-up: the JIT compiles the echo path

# snapshot: user and system ticks of the process, then voluntary and involuntary switches summed over its threads
snapshot() {
  echo "$(awk '{print $14, $15}' "/proc/$pid/stat")" \
    "$(cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {v += $2}
      /^nonvoluntary_ctxt_switches/ {i += $2} END {print v, i}')" "$(ls /proc/"$pid"/task | wc -l)"
}
# Snapshots taken while the load runs: a thread that has ended takes its switch counts with it.
"${client[@]}" --duration "$((seconds + 2))s" --warmup 1s >"$work/json" 2>/dev/null &
client_pid=$!
sleep 1 # the load's own warm-up: measure the steady part only
before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
wait "$client_pid" || true
rate=$(grep -o '"throughput":[0-9.]*' "$work/json" | head -1 | cut -d: -f2)
awk -v b="$before" -v a="$after" -v rate="${rate:-0}" -v s="$seconds" -v hz="$(getconf CLK_TCK)" -v m="$model" \
  -v n="$n" '
  BEGIN {
    split(b, x, " "); split(a, y, " "); ops = rate * s
    if (ops == 0) { print m ": no round trip completed"; exit 1 }
    printf "%-10s %6d conns  %9.0f msgs/s  cpu/rt %5.1f us (user %4.1f, sys %4.1f)  switches/rt %5.2f vol %5.2f invol" \
      "  threads %d\n", m, n, rate, ((y[1] - x[1]) + (y[2] - x[2])) / hz * 1e6 / ops, (y[1] - x[1]) / hz * 1e6 / ops,
      (y[2] - x[2]) / hz * 1e6 / ops, (y[3] - x[3]) / ops, (y[4] - x[4]) / ops, y[5]
  }'
