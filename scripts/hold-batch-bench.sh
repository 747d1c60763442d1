#!/usr/bin/env bash
# PostgreSQL's own CPU per call of a hold-batch function, without the app: pgbench calls the function with batches of
# N distinct fans on N free seats, and the server CPU (user + system time of every backend of the bench database, read
# from /proc) is divided by the calls made (docs/performance.md, "Hold batch cost, 2026-12-01, a busy machine").
#
#   scripts/hold-batch-bench.sh setup                      # fresh database from the concert migrations, 600,000 seats
#   scripts/hold-batch-bench.sh run hold_batch 1 4 16      # a pass per batch size, through concert.hold_batch
#   scripts/hold-batch-bench.sh run hold_seats 1 4 16      # the same through another function of the same arguments
#
# Settings (environment): BENCH_DATABASE (hold_bench; dropped and made again by setup), BENCH_CALLS (calls per pass,
# 2000), BENCH_CLIENTS (pgbench clients, 2), BENCH_PG_ARGS (more pgbench options, e.g. "-M prepared").
# The calls use the extended protocol with one prepared statement per connection, as the app's driver does. Each pass
# takes seats no earlier pass took (a sequence hands them out), so every hold of every pass finds a free seat.
set -euo pipefail
cd "$(dirname "$0")/.."

database=${BENCH_DATABASE:-hold_bench}
calls=${BENCH_CALLS:-2000}
clients=${BENCH_CLIENTS:-2}
psql_db=(psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$database")

setup() {
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
  "${psql_db[@]}" -c "CREATE SCHEMA concert"
  for migration in $(ls concert-module/src/main/resources/db/migration/concert/V*.sql | sort -V); do
    "${psql_db[@]}" -f "$migration"
  done
  "${psql_db[@]}" <<'SQL'
INSERT INTO concert.concerts (id, title) VALUES (1, 'bench');
INSERT INTO concert.schedules (id, concert_id, starts_at)
SELECT g, 1, now() + interval '30 days' FROM generate_series(1, 600) g;
INSERT INTO concert.seats (schedule_id, seat_number, price)
SELECT sc, s, 1000 FROM generate_series(1, 600) sc, generate_series(1, 1000) s;
CREATE SEQUENCE public.bench_holds;
VACUUM ANALYZE;
SQL
}

# one call: N holds of N new fans (user ids from the sequence) on the next N seats, as the app binds them
call_sql() {
  local n=$1 function=$2
  cat <<SQL
SELECT count(*) FROM (
  SELECT array_agg((h << 32) # 1 ORDER BY h) AS fans, array_agg(h ORDER BY h) AS users,
         array_agg(1::bigint ORDER BY h) AS concerts, array_agg(1 + h / 1000 ORDER BY h) AS schedules,
         array_agg((1 + h % 1000)::int ORDER BY h) AS seats,
         array_agg(now() ORDER BY h) AS nows, array_agg(now() + interval '5 minutes' ORDER BY h) AS expires
    FROM (SELECT nextval('public.bench_holds') - 1 AS h FROM generate_series(1, $n)) picked) a
  CROSS JOIN LATERAL concert.$function(a.fans, a.users, a.concerts, a.schedules, a.seats, a.nows, a.expires,
                                      4, 4, 120000000) r
 WHERE r.id IS NOT NULL;
SQL
}

# CPU seconds (user + system) of every backend of the database, sampled until the command ends
cpu_of_backends() {
  python3 - "$database" "$@" <<'PY'
import os, subprocess, sys, time
database, command = sys.argv[1], sys.argv[2:]
tick = os.sysconf('SC_CLK_TCK')
seen = {}
def sample():
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                title = f.read().replace(b'\0', b' ').decode(errors='replace')
            if not title.startswith('postgres: ') or f' {database} ' not in title:
                continue
            with open(f'/proc/{pid}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            seen[pid] = (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
while process.poll() is None:
    sample()
    time.sleep(0.05)
output = process.stdout.read()
print(output, end='')
print(f'backend_cpu_seconds={sum(seen.values()):.3f} backends={len(seen)}')
PY
}

run() {
  local function=$1; shift
  local script
  for n in "$@"; do
    script=$(mktemp)
    call_sql "$n" "$function" > "$script"
    local per_client=$((calls / clients))
    local out
    out=$(cpu_of_backends pgbench -n -h 127.0.0.1 -U postgres -M prepared -c "$clients" -j "$clients" \
            -t "$per_client" ${BENCH_PG_ARGS:-} -f "$script" "$database")
    rm -f "$script"
    local tps cpu done
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
    done=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
    cpu=$(sed -n 's/^backend_cpu_seconds=\([0-9.]*\).*/\1/p' <<<"$out")
    python3 -c "
calls, cpu, n = $done, $cpu, $n
print(f'$function  holds/call {n:>2}  calls {calls:>5}  tps ${tps:-0}  server CPU {cpu * 1e6 / calls:7.0f} us/call {cpu * 1e6 / calls / n:6.0f} us/hold  load $(cut -d' ' -f1 /proc/loadavg)')"
  done
}

case "${1:-}" in
  setup) setup ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 setup | run FUNCTION N..." >&2; exit 2 ;;
esac
