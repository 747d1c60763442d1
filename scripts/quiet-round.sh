#!/usr/bin/env bash
# One measurement round for a quiet machine: builds once, starts its own Redis, database, ceiling app and app
# instances, measures every open performance target with paired, repeated rounds and prints one table
# (docs/performance.md, "The quiet round"). About 20 minutes with the defaults; nothing else should run meanwhile.
#
#   scripts/quiet-round.sh                 # the real round
#   QUIET_SHORT=1 scripts/quiet-round.sh   # a smoke run with tiny passes (~8 min), to check that it works
#
# Settings (environment): QUIET_DURATION (measured s per pass, 10), QUIET_REPEAT (judged raw rounds, 3),
# QUIET_ROUND_STATE (grow, the default: the tables grow round after round; fresh: each judged raw round starts from
# the database as the warm-up round left it), QUIET_AB_ROUNDS (ABBA rounds of the sequential A/B, 4), QUIET_AB3_ROUNDS /
# QUIET_AB3_WARMUPS (measured / at least so many unmeasured rounds of the concurrent A/B with control, 12 / 3),
# QUIET_AB3_DURATION (seconds of its status rounds, 15), QUIET_AB3_APP_ARGS (its
# three instances' extra arguments: a smaller PostgreSQL pool, so three instances fit max_connections),
# QUIET_SALE (tenth | full | skip; tenth), QUIET_SKIP_BUILD=1,
# QUIET_STEPS (which rounds, in this order: main sale wrk ab metrics3; default main sale wrk metrics3),
# QUIET_MAIN_SCENARIOS (the main round's scenarios; raw,open-loop), QUIET_JAR (app jar), QUIET_JAR_B (jar of side B of
# the A/Bs; default the same jar), QUIET_B_ARGS (side B's extra arguments; default metrics off), QUIET_LABEL_A /
# QUIET_LABEL_B, QUIET_APP_ARGS (extra arguments of apps A and B, e.g. a small pool on a shared server; the metrics3
# instances get QUIET_AB3_APP_ARGS instead: Spring joins a property given twice with a comma),
# QUIET_CEILING_ARGS (the ceiling app's), QUIET_EXTRA (more harness options), QUIET_OUT (reports; load-tests/target/quiet-round).
# It uses its own redis-server (QUIET_REDIS_PORT, 16479), its own database (QUIET_DATABASE, stagedoor_quiet, dropped and
# made fresh on the local PostgreSQL) and ports QUIET_PORT (18280) to +25; never the shared Redis on 6379 or database "test".
set -euo pipefail
cd "$(dirname "$0")/.."

short=${QUIET_SHORT:-0}
duration=${QUIET_DURATION:-$([ "$short" = 1 ] && echo 2 || echo 10)}
warmup=$([ "$short" = 1 ] && echo 1 || echo 3)
repeat=${QUIET_REPEAT:-$([ "$short" = 1 ] && echo 1 || echo 3)}
ab_rounds=${QUIET_AB_ROUNDS:-$([ "$short" = 1 ] && echo 2 || echo 4)}
ab3_rounds=${QUIET_AB3_ROUNDS:-$([ "$short" = 1 ] && echo 2 || echo 12)}
ab3_duration=${QUIET_AB3_DURATION:-$([ "$short" = 1 ] && echo 2 || echo 15)}
ab3_warmups=${QUIET_AB3_WARMUPS:-$([ "$short" = 1 ] && echo 1 || echo 3)}
ab3_app_args=${QUIET_AB3_APP_ARGS:---spring.r2dbc.pool.initial-size=4 --spring.r2dbc.pool.max-size=10}
round_state=${QUIET_ROUND_STATE:-grow}
sale=${QUIET_SALE:-tenth}
steps=" ${QUIET_STEPS:-main sale wrk metrics3} "
out=${QUIET_OUT:-load-tests/target/quiet-round}
jar=${QUIET_JAR:-bootstrap-app/target/bootstrap-app-0.1.0-SNAPSHOT.jar}
jar_b=${QUIET_JAR_B:-$jar}
b_args=${QUIET_B_ARGS:---management.metrics.enable.all=false}
label_a=${QUIET_LABEL_A:-metrics on}
label_b=${QUIET_LABEL_B:-metrics off}
redis_port=${QUIET_REDIS_PORT:-16479}
database=${QUIET_DATABASE:-stagedoor_quiet}
port_a=${QUIET_PORT:-18280}
port_b=$((port_a + 10))
ceiling_port=$((port_a + 12))
port_on=$((port_a + 20)) port_off=$((port_a + 22)) port_on2=$((port_a + 24)) # the concurrent A/B's three (management +1)
harness=load-tests/target/load-tests.jar

# smaller work for a smoke run; the defaults otherwise (docs/performance.md, "Passes and scenarios")
if [ "$short" = 1 ]; then
  sizes=(--join-budget 20000 --hold-seats 8000 --payments 4000 --open-hold-seats 8000 --open-payments 4000
         --open-max-seconds 2 --ab-payments-per-pass 500 --ab3-payments-per-pass 200 --ab3-holds-per-pass 200
         --ceiling-warmup 2 --app-warmup 2 --app-warmup-requests 500 --app-warmup-limit 30 --wrk-rounds 1)
  sale_sizes=(--sale-fans 2000 --sale-seats 100 --sale-schedules 2 --sale-capacity 50 --sale-rate 100)
else
  sizes=(--app-warmup 5)
  sale_sizes=(--sale-fans 10000 --sale-seats 500 --sale-schedules 5 --sale-capacity 200 --sale-rate 300)
fi
[ "$sale" = full ] && sale_sizes=()

mkdir -p "$out"
loads="$out/load-average.txt"
: > "$loads"
started_at=$(date +%s)
note_load() { # what else the machine did, before and after every round
  printf '%s  %-40s load %s\n' "$(date -u +%H:%M:%S)" "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$loads"
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

note_load "start"
if [ "${QUIET_SKIP_BUILD:-0}" != 1 ]; then
  # the boot jar is repackaged only when missing: remove it, or a changed module would not reach it
  rm -f bootstrap-app/target/bootstrap-app-*.jar load-tests/target/load-tests.jar
  ./mvnw -B -q -pl bootstrap-app,load-tests -am package -DskipTests
  note_load "after the build"
fi

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no > "$out/redis.log" 2>&1 &
pids+=($!)
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/signing-key.pem" 2>/dev/null
admin_key=$(openssl rand -hex 32)

app_jvm_options="" # JVM options of the apps started from here on
# shellcheck disable=SC2086 # app_jvm_options is a list of options
start_app() { # port jar extra-args... ; prints the pid
  local port=$1 app_jar=$2; shift 2
  SPRING_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/$database SPRING_R2DBC_USERNAME=postgres \
  SPRING_DATA_REDIS_HOST=127.0.0.1 SPRING_DATA_REDIS_PORT=$redis_port STAGEDOOR_EMBEDDED_ENABLED=false \
  STAGEDOOR_ADMIN_KEY=$admin_key STAGEDOOR_IDENTITY_SIGNING_KEY="$(cat "$out/signing-key.pem")" \
  STAGEDOOR_RATE_LIMIT_ENABLED=false SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$((port + 1)) \
    java $app_jvm_options -jar "$app_jar" "$@" > "$out/app-$port.log" 2>&1 &
  echo $!
}
await() { # url what pid; a start takes ~15 s on a quiet machine, minutes on a crowded one
  for _ in $(seq 1 420); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$3" 2>/dev/null || { echo "$2 stopped before it answered ($1); see its log in $out" >&2; return 1; }
    sleep 1
  done
  echo "$2 did not come up ($1)" >&2; return 1
}
await_or_restart() { # pid-variable label port jar extra-args...: waits for the app whose pid the variable holds; an
  # app that stopped before it answered is started again, twice at most (on a crowded machine a start can time out its
  # Redis handshake and give up)
  local var=$1 label=$2 port=$3; shift 3
  local pid=${!var}
  for attempt in 1 2 3; do
    if await "http://127.0.0.1:$port/livez" "$label" "$pid"; then
      printf -v "$var" '%s' "$pid"
      return 0
    fi
    [ "$attempt" = 3 ] && break
    kill "$pid" 2>/dev/null || true
    cp "$out/app-$port.log" "$out/app-$port-attempt-$attempt.log" 2>/dev/null || true
    echo "starting $label again (attempt $((attempt + 1)))" >&2
    pid=$(start_app "$port" "$@")
    pids+=("$pid")
  done
  return 1
}
start_ceiling() { # the ceiling app warms its pool within 3 s at start, as the app's settings say: try again if it could not
  for attempt in 1 2 3; do
    java -jar "$harness" ceiling-app --server.port=$ceiling_port \
      --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/$database --spring.r2dbc.username=postgres \
      --spring.data.redis.port=$redis_port ${QUIET_CEILING_ARGS:-} > "$out/ceiling-$attempt.log" 2>&1 &
    pid_ceiling=$!
    pids+=("$pid_ceiling")
    await "http://127.0.0.1:$ceiling_port/ceiling/bare" "ceiling app (attempt $attempt)" "$pid_ceiling" && return 0
  done
  exit 1
}

pid_b=""
# shellcheck disable=SC2086 # QUIET_APP_ARGS is a list of arguments
pid_a=$(start_app $port_a "$jar" ${QUIET_APP_ARGS:-})
pids+=("$pid_a")
# shellcheck disable=SC2086
await_or_restart pid_a "app A" $port_a "$jar" ${QUIET_APP_ARGS:-} || exit 1
start_ceiling

common=(--admin-key "$admin_key" --signing-key "$out/signing-key.pem" --redis "redis://127.0.0.1:$redis_port/0"
        --jdbc-url "jdbc:postgresql://127.0.0.1:5432/$database" --ceiling "http://127.0.0.1:$ceiling_port"
        --duration "$duration" --warmup "$warmup" "${sizes[@]}" ${QUIET_EXTRA:-})
run_harness() { # name args...
  local name=$1; shift
  [[ $steps == *" $name "* ]] || return 0
  note_load "before $name"
  java -jar "$harness" --out "$out/$name.md" "${common[@]}" "$@" > "$out/$name.log" 2>&1 \
    || echo "harness round '$name' reported failures (see $out/$name.log)"
  note_load "after $name"
}

# 1. raw closed-loop passes, each paired with its ceiling, repeated; then the open-loop latency passes
run_harness main --target "http://127.0.0.1:$port_a" --scenario "${QUIET_MAIN_SCENARIOS:-raw,open-loop}" --raw queue,holds,payments --repeat "$repeat" \
  --round-state "$round_state"
# 2. the sale opening
if [ "$sale" != skip ]; then
  run_harness sale --target "http://127.0.0.1:$port_a" --scenario sale "${sale_sizes[@]}"
fi
# 3. wrk's view of the status poll against one Redis round trip
run_harness wrk --target "http://127.0.0.1:$port_a" --scenario wrk --wrk-rounds "${QUIET_WRK_ROUNDS:-3}"
# 4. A/B (default: metrics on against off), both instances up at once, alternating ABBA
# shellcheck disable=SC2086 # QUIET_B_ARGS is a list of arguments
if [[ $steps == *" ab "* ]]; then
  pid_b=$(start_app $port_b "$jar_b" ${QUIET_APP_ARGS:-} $b_args)
  pids+=("$pid_b")
  await_or_restart pid_b "app B" $port_b "$jar_b" ${QUIET_APP_ARGS:-} $b_args || exit 1
fi
run_harness ab --target "http://127.0.0.1:$port_a" --target-b "http://127.0.0.1:$port_b" --scenario ab \
  --pid-a "$pid_a" --pid-b "$pid_b" --label-a "$label_a" --label-b "$label_b" --ab-rounds "$ab_rounds" \
  --ab-paths "${QUIET_AB_PATHS:-status,payments}"
# 5. the same A/B served at once, with a control: three fresh instances started together — A (metrics on), B (metrics
#    off) and A' (metrics on again) — share every pass's load, so the machine's drift hits all three alike; the cost is
#    B against the mean of A and A', and how far A and A' differ is the noise floor it has to clear
if [[ $steps == *" metrics3 "* ]]; then
  # A and B of the steps before are done: their connections would crowd PostgreSQL's max_connections
  for pid in $pid_a $pid_b; do kill "$pid" 2>/dev/null || true; done
  # the A/B reads CPU without the JIT compiler threads: none of them may end and take its time with it
  app_jvm_options=-XX:-UseDynamicNumberOfCompilerThreads
  # started together, so none has served more than the others when the rounds begin
  # shellcheck disable=SC2086 # the args variables are lists of arguments
  pid_on=$(start_app $port_on "$jar" $ab3_app_args)
  # shellcheck disable=SC2086
  pid_off=$(start_app $port_off "$jar_b" $ab3_app_args $b_args)
  # shellcheck disable=SC2086
  pid_on2=$(start_app $port_on2 "$jar" $ab3_app_args)
  pids+=("$pid_on" "$pid_off" "$pid_on2")
  # shellcheck disable=SC2086
  await_or_restart pid_on "app A ($label_a)" $port_on "$jar" $ab3_app_args || exit 1
  # shellcheck disable=SC2086
  await_or_restart pid_off "app B ($label_b)" $port_off "$jar_b" $ab3_app_args $b_args || exit 1
  # shellcheck disable=SC2086
  await_or_restart pid_on2 "app A' ($label_a, the control)" $port_on2 "$jar" $ab3_app_args || exit 1
  run_harness metrics3 --target "http://127.0.0.1:$port_on" --target-b "http://127.0.0.1:$port_off" \
    --target-c "http://127.0.0.1:$port_on2" --scenario ab3 --pid-a "$pid_on" --pid-b "$pid_off" --pid-c "$pid_on2" \
    --label-a "$label_a" --label-b "$label_b" --ab-rounds "$ab3_rounds" --ab-warmups "$ab3_warmups" --ab3-duration "$ab3_duration" \
    --ab-paths "${QUIET_AB_PATHS:-status,payments}"
fi
note_load "end"

python3 scripts/quiet-round-table.py "$out" "$label_a" "$label_b" | tee "$out/table.md"
echo "reports: $out (main.md, sale.md, wrk.md, ab.md, metrics3.md, load-average.txt); took $(( $(date +%s) - started_at )) s"
