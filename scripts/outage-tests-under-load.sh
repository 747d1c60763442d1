#!/usr/bin/env bash
# Runs the outage tests ROUNDS times in a row (default 20) while two busy loops keep both cores of a 2-core machine
# busy, as on a shared CI runner; stops at the first failing round. Usage: scripts/outage-tests-under-load.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
tests="${OUTAGE_TESTS:-DependencyOutageTest,DatabaseFailOverTest,DependencyOutagesTest,QueueOutageHttpTest,RedisOutageTest,RedisGuardTest}"
busy=()
for _ in 1 2; do
  ( while :; do :; done ) &
  busy+=("$!")
done
trap 'kill "${busy[@]}" 2>/dev/null || true' EXIT
for round in $(seq 1 "$rounds"); do
  started=$(date +%s)
  if ./mvnw -B -q -o -pl queue-module,bootstrap-app -am -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
      test > "target-outage-round.log" 2>&1; then
    echo "round $round/$rounds passed in $(( $(date +%s) - started )) s"
  else
    echo "round $round/$rounds FAILED (see target-outage-round.log)"; exit 1
  fi
done
rm -f target-outage-round.log
echo "all $rounds rounds passed with both cores busy"
