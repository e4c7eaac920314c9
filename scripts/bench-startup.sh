#!/usr/bin/env bash
# Startup benchmark (prints figures; not a test): time from process start to the first
# painted frame, and idle RSS after 3 s, for the release build under Xvfb.
# Needs: xvfb (apt-get install -y xvfb). Usage: scripts/bench-startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

cargo build --release --quiet
bin=target/release/ayon-rest-explorer

started_xvfb=""
if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { echo "Xvfb not found: apt-get install -y xvfb" >&2; exit 1; }
  export DISPLAY=:97
  Xvfb "$DISPLAY" -screen 0 1280x900x24 >/dev/null 2>&1 &
  started_xvfb=$!
  sleep 1
fi
cleanup() { [ -n "$started_xvfb" ] && kill "$started_xvfb" 2>/dev/null || true; }
trap cleanup EXIT

# Keep the user's settings out of it.
export XDG_CONFIG_HOME XDG_DATA_HOME
XDG_CONFIG_HOME="$(mktemp -d)"
XDG_DATA_HOME="$(mktemp -d)"

first=()
rss=()
for i in $(seq "$runs"); do
  log="$(mktemp)"
  t0=$(date +%s%3N)
  "$bin" --report-first-frame 2>"$log" &
  pid=$!
  for _ in $(seq 100); do
    grep -q first-frame-painted-at-ms "$log" && break
    sleep 0.05
  done
  t1=$(grep -o 'first-frame-painted-at-ms [0-9]*' "$log" | awk '{print $2}')
  if [ -z "$t1" ]; then
    kill "$pid" 2>/dev/null || true
    echo "run $i: the app reported no painted frame within 5 s; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 3
  kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  first+=("$((t1 - t0))")
  rss+=("$((kb / 1024))")
  rm -f "$log"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "startup over $runs runs (release, Xvfb, software GL):"
echo "  first painted frame: median $(median "${first[@]}") ms (runs: ${first[*]})   budget <= 400 ms"
echo "  idle RSS after 3 s:  median $(median "${rss[@]}") MB (runs: ${rss[*]})   budget <= 150 MB"
