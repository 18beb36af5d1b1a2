#!/usr/bin/env bash
# Start-up to the waiting line: echo-server.jar against the least a java.net server does (bench/plain/MinimalServer).
#
# usage: bench/startup.sh [--runs N] [-- JVM_OPTIONS...]
#
# Starts each program N times (default 5), alternately, on port 0, and prints the median milliseconds from the
# launch to its first line ("Waiting for incoming connections at port ...") and their ratio. JVM_OPTIONS go to
# both, e.g. -Xshare:off or -XX:TieredStopAtLevel=1. Needs javac.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=5 jvm=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift ;;
    --) shift; jvm=("$@"); break ;;
    -h|--help) sed -n '2,8p' "$0" | cut -c3-; exit 0 ;;
    *) echo "startup.sh: unknown option '$1': see bench/startup.sh --help" >&2; exit 2 ;;
  esac
  shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "startup.sh: --runs takes a positive integer, e.g. 5" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" bench/plain/MinimalServer.java
[ -f echo-server/target/echo-server.jar ] || ./mvnw -q -DskipTests package -pl echo-server -am

# millis COMMAND...: milliseconds from the launch of COMMAND 0 to its first line on stdout
millis() {
  local began ended line
  began=$(date +%s%N)
  coproc server { exec "$@" 0 2>/dev/null; }
  read -r line <&"${server[0]}" || { echo "startup.sh: $* printed nothing" >&2; exit 1; }
  ended=$(date +%s%N)
  kill "$server_PID" 2>/dev/null || true
  wait "$server_PID" 2>/dev/null || true
  echo $(((ended - began) / 1000000))
}
median() { sort -n | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for _ in $(seq "$runs"); do
  millis java "${jvm[@]}" -jar echo-server/target/echo-server.jar >>"$work/echo-server"
  millis java "${jvm[@]}" -cp "$work" MinimalServer >>"$work/minimal"
done
e=$(median <"$work/echo-server") m=$(median <"$work/minimal")
echo "echo-server $e ms, minimal java.net server $m ms (medians of $runs: $(tr '\n' ' ' <"$work/echo-server")/ $(tr '\n' ' ' <"$work/minimal")); ratio $(awk -v e="$e" -v m="$m" 'BEGIN {printf "%.1f", e / m}')"
