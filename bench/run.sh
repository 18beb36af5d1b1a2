#!/usr/bin/env bash
# The project's benchmark: every server model against a C baseline, from 1 to 10,000 connections.
#
# usage: bench/run.sh [--quick] [--counts 1,10,100,1000,10000]
#                     [--models sequential,thread,pool,selector,workers,virtual,virtual-1,netty,c-thread,c-workers]
#                     [--rounds R] [--seconds S] [--out DIR] [--no-check] [--no-plot]
#
# For each model it starts the model's server and its baseline (the C sequential server for `sequential`, the C
# epoll server for the others), and for each count of connections drives them alternately (candidate, baseline,
# candidate, ...) with the project's load generator: each connection keeps one 64-byte message in flight. It prints
# throughput, p50 and p99 per model and count and the ratio to the baseline measured in the same run, then writes
# DIR/results.csv, DIR/results.json and the plot DIR/scale.png (DIR defaults to bench/results).
# Reference rows, measured like the models: netty (bench/netty, Netty's epoll echo server, one event loop),
# c-thread (bench/c/echo_threads.c, the thread model in C) and c-workers (echo_epoll.c with 2 threads, the workers
# model in C): a gap that a model's C twin shows too is the model's, not Java's.
# Unless --no-check, it first runs the load generator and the C client bench/c/echo_load.c alternately against the C
# epoll server at 1 and 100 connections: their figures should agree within 10 %.
# virtual-1 is the virtual model on one carrier thread (--workers 1), as selector is one event loop. selector is the
# JDK's Selector (epoll). --models select,poll adds the models that call select(2) and poll(2) themselves, up to
# 1,000 connections (select serves descriptors below 1,024 only); bench/per-echo.sh shows their cost per echo.
# The virtual model needs JDK 21+: when `java` is older, set JAVA21=/path/to/jdk-21-or-newer/bin/java.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

counts=1,10,100,1000,10000
models=sequential,thread,pool,selector,workers,virtual,virtual-1,netty,c-thread,c-workers
rounds=3 seconds=5 warmup=1 check=yes plot=yes out=bench/results
size=64
while [ $# -gt 0 ]; do
  case $1 in
    --quick) rounds=2 seconds=1 warmup=0.5 ;;
    --counts) counts=$2; shift ;;
    --models) models=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --out) out=$2; shift ;;
    --no-check) check=no ;;
    --no-plot) plot=no ;;
    -h|--help) sed -n '2,21p' "$0" | cut -c3-; exit 0 ;;
    *) echo "run.sh: unknown option '$1': see bench/run.sh --help" >&2; exit 2 ;;
  esac
  shift
done
known=" sequential thread pool selector select poll workers virtual virtual-1 netty c-thread c-workers "
IFS=, read -r -a model_list <<<"$models"
IFS=, read -r -a count_list <<<"$counts"
# Every argument is checked before anything is written to $out.
for model in "${model_list[@]:-}"; do # an empty list is one empty name
  [[ $known = *" $model "* ]] || { echo "run.sh: unknown model '$model': expected one of${known% }" >&2; exit 2; }
done
for n in "${count_list[@]:-}"; do # no leading zero: $((n)) would read 010 as octal
  [[ $n =~ ^[1-9][0-9]*$ ]] ||
    { echo "run.sh: bad count '$n' in --counts: expected positive integers, e.g. 1,10,100" >&2; exit 2; }
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: bad --rounds '$rounds': expected a positive integer, e.g. 3" >&2; exit 2; }
[[ $seconds =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ && $seconds =~ [1-9] ]] ||
  { echo "run.sh: bad --seconds '$seconds': expected a positive number, e.g. 5 or 0.5" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
started=()
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Each connection is a descriptor in the client and one in the server: raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)"
fd_limit=$(ulimit -n)

source bench/servers.sh # server_command, and the servers' jars
client_jar=bench/load/target/bench-load.jar
plot_jar=bench/plot/target/bench-plot.jar
if [ ! -f $client_jar ] || [ ! -f $seq_jar ] || [ ! -f $conc_jar ] || { [ $plot = yes ] && [ ! -f $plot_jar ]; } ||
  { [[ ,$models, = *,netty,* ]] && [ ! -f $netty_jar ]; }; then
  echo "building the jars: ./mvnw -q -DskipTests package" >&2
  ./mvnw -q -DskipTests package -pl bench/load,echo-server,concurrent-server,bench/plot,bench/netty -am
fi
for c in echo_seq echo_epoll echo_threads echo_load; do
  gcc -O2 -pthread -o "$work/$c" "bench/c/$c.c" ||
    { echo "run.sh: cannot compile bench/c/$c.c: install gcc" >&2; exit 1; }
done

java_major() { "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1; }

# start NAME COMMAND...: starts a server on port 0 and sets $port (from its first line) and $pid.
start() {
  local name=$1; shift
  : >"$work/$name.out" # created before the server starts, so that it can be read at once
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pid=$!
  started+=("$pid")
  for _ in $(seq 200); do
    port=$(sed -n 's/^Waiting for incoming connections at port \([0-9]*\).*/\1/p' "$work/$name.out" | head -1)
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "run.sh: $name did not start: $(head -c 300 "$work/$name.err")" >&2
  return 1
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }

ms() { awk -v s="$1" 'BEGIN {printf "%d", s * 1000}'; }

# col FILE N: the median of column N of the runs in FILE
col() { cut -d' ' -f"$2" "$work/$1" | median; }

median() { sort -g | awk '{a[NR] = $1} END {print NR == 0 ? 0 : NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# measure CLIENT SERVER_PID PORT CONNECTIONS [MODE SIZE]: one run; prints "throughput p50 p99 client_cpu_s
# server_cpu_s", or nothing (and why, on stderr) when it failed: a failed run is not a zero in the medians.
measure() {
  local client=$1 spid=$2 sport=$3 n=$4 mode=${5:-rtt} msg=${6:-$size} before json
  local w; w=$(awk -v w="$warmup" -v n="$n" 'BEGIN {print w + n / 5000}') # connecting 10,000 takes its time
  local s; s=$(awk -v s="$seconds" -v w="$w" 'BEGIN {print s + w}') # the whole run: warm-up, then measured
  before=$(cpu_ticks "$spid")
  if [ "$client" = java ]; then
    json=$(java -jar $client_jar 127.0.0.1 "$sport" --mode "$mode" --connections "$n" --size "$msg" \
      --duration "$(ms "$s")ms" --warmup "$(ms "$w")ms" --json 2>"$work/client.err") || json=
  else
    json=$("$work/echo_load" 127.0.0.1 "$sport" "$n" "$msg" "$s" "$w" 2>"$work/client.err") || json=
  fi
  if [ -z "$json" ]; then
    echo "run.sh: $client client, $n connections: no echo measured ($(tail -1 "$work/client.err"))" >&2
    return
  fi
  echo "$(field throughput <<<"$json") $(field p50 <<<"$json") $(field p99 <<<"$json") $(field cpu_seconds <<<"$json")" \
    "$(awk -v a="$before" -v b="$(cpu_ticks "$spid")" -v hz="$(getconf CLK_TCK)" 'BEGIN {print (b - a) / hz}')"
}

if [ $check = yes ]; then
  echo "Load generator check: bench-load vs the C client echo_load, alternately, against the C epoll server"
  start check "$work/echo_epoll" 0 4096
  printf '%-6s %14s %14s %7s %12s %12s\n' conns bench_msgs/s echo_load/s ratio bench_cpu_s c_cpu_s
  echo "connections,bench_throughput,echo_load_throughput,ratio,bench_p50_us,echo_load_p50_us" >"$out/check.csv"
  for n in 1 100; do
    : >"$work/j"; : >"$work/c"
    for _ in $(seq "$rounds"); do
      measure java "$pid" "$port" $n >>"$work/j"
      measure c "$pid" "$port" $n >>"$work/c"
    done
    j=$(cut -d' ' -f1 "$work/j" | median); c=$(cut -d' ' -f1 "$work/c" | median)
    jp=$(cut -d' ' -f2 "$work/j" | median); cp=$(cut -d' ' -f2 "$work/c" | median)
    ratio=$(awk -v a="$j" -v b="$c" 'BEGIN {printf "%.3f", a / b}')
    printf '%-6s %14.0f %14.0f %7s %12s %12s\n' $n "$j" "$c" "$ratio" "$(cut -d' ' -f4 "$work/j" | median)" \
      "$(cut -d' ' -f4 "$work/c" | median)"
    echo "$n,$j,$c,$ratio,$jp,$cp" >>"$out/check.csv"
  done
  stop "$pid"
  echo
fi

echo "Each connection keeps one $size-byte message in flight; ${rounds} round(s) per server and count, each ${seconds} s" \
  "measured after a warm-up of ${warmup} s (+ 0.2 s per 1,000 connections); medians; ratio = model / baseline in" \
  "the same run (higher is better); cli_s, srv_s: CPU seconds of the load generator and of the server during a run." \
  "Descriptor limit: $fd_limit."
printf '%-10s %6s %10s %9s %9s | %-12s %10s %9s | %6s %6s %6s\n' model conns msgs/s p50_us p99_us baseline msgs/s p99_us \
  ratio cli_s srv_s
echo "model,connections,baseline,throughput,p50_us,p99_us,baseline_throughput,baseline_p50_us,baseline_p99_us,ratio,client_cpu_s,server_cpu_s" \
  >"$out/results.csv"
: >"$work/idle"
for model in "${model_list[@]}"; do
  server_command "$model" "$work"
  cand=("${server[@]}")
  baseline=c-epoll base_name=C-epoll
  if [ "$model" = sequential ]; then
    baseline=c-sequential base_name=C-sequential
  fi
  server_command $baseline "$work"
  base=("${server[@]}")
  if [[ $model = virtual* ]] && [ "$(java_major java)" -lt 21 ]; then
    if [ -z "${JAVA21:-}" ] || [ "$(java_major "$JAVA21")" -lt 21 ]; then
      echo "$model: skipped: virtual threads need JDK 21+ (java is $(java_major java)); set JAVA21=/path/to/bin/java"
      continue
    fi
    cand[0]=$JAVA21
  fi
  start "$model" "${cand[@]}" || continue
  cand_pid=$pid cand_port=$port
  start "$model-baseline" "${base[@]}"
  base_pid=$pid base_port=$port
  # the JIT compiles the echo path before anything is measured
  java -jar $client_jar 127.0.0.1 "$cand_port" --connections 10 --duration 1s --warmup 0s >/dev/null \
    2>"$work/client.err" || echo "run.sh: warm-up of $model failed: $(tail -1 "$work/client.err")" >&2
  for n in "${count_list[@]}"; do
    if [ $((n + 64)) -gt "$fd_limit" ]; then
      echo "$model: $n connections skipped: each side needs $n descriptors and the limit (ulimit -n) is $fd_limit"
      continue
    fi
    if [ "$model" = sequential ] && [ "$n" -gt 10 ]; then
      echo "$model: $n connections skipped: a sequential server serves one at a time, the others only queue"
      continue
    fi
    : >"$work/cand"; : >"$work/base"
    for _ in $(seq "$rounds"); do
      measure java "$cand_pid" "$cand_port" "$n" >>"$work/cand"
      measure java "$base_pid" "$base_port" "$n" >>"$work/base"
    done
    ratio=$(awk -v a="$(col cand 1)" -v b="$(col base 1)" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')
    printf '%-10s %6s %10.0f %9.1f %9.1f | %-12s %10.0f %9.1f | %6s %6.2f %6.2f\n' "$model" "$n" "$(col cand 1)" \
      "$(col cand 2)" "$(col cand 3)" "$base_name" "$(col base 1)" "$(col base 3)" "$ratio" "$(col cand 4)" "$(col cand 5)"
    echo "$model,$n,$base_name,$(col cand 1),$(col cand 2),$(col cand 3),$(col base 1),$(col base 2),$(col base 3),$ratio,$(col cand 4),$(col cand 5)" \
      >>"$out/results.csv"
  done
  if [ "$model" = sequential ]; then
    # The lab's own figures for the sequential server: streaming and connections per second, one client.
    for m in "stream 65536 MB/s" "conn 16 conns/s"; do
      read -r mode msg unit <<<"$m"
      : >"$work/cand"; : >"$work/base"
      for _ in $(seq "$rounds"); do
        measure java "$cand_pid" "$cand_port" 1 "$mode" "$msg" >>"$work/cand"
        measure java "$base_pid" "$base_port" 1 "$mode" "$msg" >>"$work/base"
      done
      printf '%-10s %6s %10.0f %s | C-sequential %10.0f %s | ratio %s\n' "$model" "$mode" "$(col cand 1)" "$unit" \
        "$(col base 1)" "$unit" "$(awk -v a="$(col cand 1)" -v b="$(col base 1)" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')"
    done
  fi
  # No model may busy-wait: once its clients are gone, an idle server uses (almost) no CPU.
  before=$(cpu_ticks "$cand_pid"); sleep 2; echo "$model $(( $(cpu_ticks "$cand_pid") - before ))" >>"$work/idle"
  stop "$cand_pid"; stop "$base_pid"
done
echo
echo "Idle CPU ticks in 2 s after the load (limit 5): $(tr '\n' ' ' <"$work/idle")"

awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) h[i] = $i; next}
  {printf "%s  {", (NR > 2 ? ",\n" : "[\n")
   for (i = 1; i <= NF; i++) printf "%s\"%s\":%s", (i > 1 ? "," : ""), h[i], ($i ~ /^[0-9.]+$/ ? $i : "\"" $i "\"")
   printf "}"}
  END {print (NR > 1 ? "\n]" : "[]")}' "$out/results.csv" >"$out/results.json"
if [ $plot = yes ]; then
  java -jar $plot_jar "$out/results.csv" "$out/scale.png"
fi
echo "Results: $out/results.csv, $out/results.json$([ $plot = yes ] && echo ", $out/scale.png")"
