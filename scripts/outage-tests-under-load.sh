#!/usr/bin/env bash
# Runs the outage tests ROUNDS times in a row (default 20) on a busy machine, as on a shared CI runner, one round at a
# time, and prints one line per round: when, on which commit, how long, the load average seen during it, and the
# result with the tests that failed. Usage: scripts/outage-tests-under-load.sh [ROUNDS]
#   BUSY=n          busy loops to start (default 2: both cores of a 2-core machine kept busy). BUSY=0 when the machine
#                   is already loaded by other work; the load average printed per round shows what it was.
#   KEEP_GOING=1    go on after a failed round (default: stop at the first); each failed round's log and surefire
#                   reports are kept under target/outage-rounds/round-N/.
#   OUTAGE_TESTS=.. the tests to run (surefire -Dtest syntax).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
busy_loops="${BUSY:-2}"
keep_going="${KEEP_GOING:-0}"
tests="${OUTAGE_TESTS:-DependencyOutageTest,DatabaseFailOverTest,UnansweredConnectionsTest,DependencyOutagesTest,QueueOutageHttpTest,RedisOutageTest,RedisGuardTest,RedisRestartHttpTest,RedisRestartPaymentHttpTest,KilledInstanceHttpTest,GracefulShutdownHttpTest}"
out="target/outage-rounds"
mkdir -p "$out"
commit="$(git rev-parse --short HEAD 2>/dev/null || cat COMMIT 2>/dev/null || echo unknown)"

busy=()
for _ in $(seq 1 "$busy_loops"); do
  ( while :; do :; done ) &
  busy+=("$!")
done
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ "${#busy[@]}" -gt 0 ] && kill "${busy[@]}" 2>/dev/null || true
}
trap cleanup EXIT

passed=0
failed=0
for round in $(seq 1 "$rounds"); do
  started=$(date +%s)
  : > "$out/load"
  ( while :; do cut -d' ' -f1 /proc/loadavg >> "$out/load"; sleep 10; done ) &
  sampler=$!
  if ./mvnw -B -q -o -pl queue-module,bootstrap-app -am -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
      test > "$out/round.log" 2>&1; then
    result="passed"
    passed=$((passed + 1))
  else
    failures="$(grep -hoE '^\[ERROR\]   [A-Za-z0-9_]+\.[A-Za-z0-9_]+' "$out/round.log" | sed 's/^\[ERROR\]   //' | sort -u | paste -sd' ' -)"
    result="FAILED: ${failures:-see the log}"
    failed=$((failed + 1))
    mkdir -p "$out/round-$round"
    cp "$out/round.log" "$out/round-$round/"
    cp -r bootstrap-app/target/surefire-reports queue-module/target/surefire-reports "$out/round-$round/" 2>/dev/null || true
  fi
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  sampler=""
  load="$(sort -n "$out/load" | sed -n '1p;$p' | paste -sd'-' -)"
  echo "round $round/$rounds $(date -u +%FT%H:%MZ) $commit $(( $(date +%s) - started )) s load ${load:-?} $result" \
    | tee -a "$out/rounds.txt"
  if [ "$result" != "passed" ] && [ "$keep_going" != "1" ]; then
    exit 1
  fi
done
echo "$passed of $rounds rounds passed ($failed failed), $busy_loops busy loops" | tee -a "$out/rounds.txt"
[ "$failed" -eq 0 ]
