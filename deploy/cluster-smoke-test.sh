#!/usr/bin/env bash
# End-to-end test of the supervised cluster deployment, run by `mvn verify` after the jar is built
# (and runnable on its own): start a standalone cluster, submit Tally supervised on a file inbox with
# the H2 sink, kill -9 its driver while files arrive, check that the worker re-launched it, that it
# recovered from its checkpoint and that the totals are exact (nothing lost, nothing counted twice),
# kill it for good, stop the cluster, and check that none of the processes it started is left.
# Bounded by TALLY_SMOKE_SECONDS (default 420); it stops everything also when it fails.
# Its own folder and ports, so it runs beside a cluster of deploy/cluster.sh's defaults.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export TALLY_CLUSTER_DIR=${TALLY_SMOKE_DIR:-$TALLY_REPO/target/cluster-smoke}
export TALLY_MASTER_PORT=${TALLY_SMOKE_MASTER_PORT:-17077}
export TALLY_MASTER_UI_PORT=${TALLY_SMOKE_MASTER_UI_PORT:-18080}
export TALLY_WORKER_UI_PORT=${TALLY_SMOKE_WORKER_UI_PORT:-18081}
cluster=$TALLY_REPO/deploy/cluster.sh
job=$TALLY_CLUSTER_DIR/job
jdbc_url="jdbc:h2:file:$job/tally;AUTO_SERVER=TRUE"
deadline=$((SECONDS + ${TALLY_SMOKE_SECONDS:-420}))
started=$SECONDS

say() { echo "smoke [$((SECONDS - started))s]: $*"; }
fail() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}

[ -z "$(tally_pids_in "$TALLY_CLUSTER_DIR")" ] || { echo "smoke: a smoke-test cluster is running in $TALLY_CLUSTER_DIR already" >&2; exit 1; }
rm -rf "$TALLY_CLUSTER_DIR" # logs and work folders of an earlier run

cleanup() {
  local code=$? left
  trap - EXIT
  if [ $code -ne 0 ] && [ -d "$TALLY_CLUSTER_DIR/logs" ]; then
    for log in "$TALLY_CLUSTER_DIR"/logs/driver-*/stderr; do
      [ -f "$log" ] && { echo "--- last lines of $log" >&2; grep -v '^Launch Command' "$log" | tail -n 30 >&2; }
    done
  fi
  "$cluster" stop > "$TALLY_CLUSTER_DIR/stop.log" 2>&1 || cat "$TALLY_CLUSTER_DIR/stop.log" >&2
  left=$(tally_pids_in "$TALLY_CLUSTER_DIR")
  if [ -n "$left" ]; then
    echo "smoke: FAILED: left running after the stop, now killed: $left" >&2
    kill -KILL $left 2>/dev/null || true
    code=1
  else
    say "nothing left running"
  fi
  [ $code -eq 0 ] && say "PASSED" || echo "smoke: FAILED (exit $code); logs in $TALLY_CLUSTER_DIR/logs" >&2
  exit $code
}
trap cleanup EXIT
trap 'exit 143' TERM INT

query() {
  TALLY_JDBC_URL=$jdbc_url "$TALLY_REPO/deploy/query.sh" "$1" 2>&1
}

# Totals as "key count sum" lines, sorted.
totals() {
  query "SELECT metric_key, event_count, sum_v FROM tally_totals" \
    | awk -F' *\\| *' 'NR > 1 && NF == 3 { sub(/ +$/, ""); print $1, $2, $3 }' | LC_ALL=C sort
}

# "key count sum" of the events (key,value lines) on standard input, sorted.
sum_by_key() {
  awk -F, 'NF == 2 { n[$1]++; s[$1] += $2 } END { for (k in n) print k, n[k], s[k] }' | LC_ALL=C sort
}

# Waits until command $2 succeeds, or fails with $1 at the deadline.
await() {
  local what=$1
  shift
  while ! "$@"; do
    [ $SECONDS -lt $deadline ] || fail "timed out waiting for $what"
    sleep 1
  done
}

driver_log() { cat "$TALLY_CLUSTER_DIR/work/$driver/stderr" 2>/dev/null; }
totals_are() { [ "$(totals)" = "$1" ]; }
log_has() { driver_log | grep -q "$1"; }
relaunched() { grep -q "re-launching" "$TALLY_CLUSTER_DIR/logs/worker.log"; }
new_driver_pid() { local p; p=$("$cluster" driver-pid "$driver" 2>/dev/null) && [ "$p" != "$first_pid" ]; }

# Five files of 2,000 events over 20 keys, each with one malformed line; the expected totals are
# computed from the same lines.
mkdir -p "$job/inbox" "$job/staging"
for n in 1 2 3 4 5; do
  awk -v n="$n" 'BEGIN {
    for (i = 0; i < 2000; i++) printf "k%02d,%d\n", (i * 7 + n) % 20, (i * 13 + n) % 100;
    print "a line without a comma";
  }' > "$job/staging/events-$n.csv"
done
expected=$(cat "$job"/staging/events-*.csv | sum_by_key)
# Spark reads a file whose modification time is at or after the batch it arrives in (mv keeps it).
move_in() {
  touch "$job/staging/events-$1.csv"
  mv "$job/staging/events-$1.csv" "$job/inbox/events-$1.csv"
}

tally_build
tally_check_jar || fail "the jar's relocations"
say "the jar's libraries are relocated (dev/tally/shaded/org/apache/kafka, .../commons/pool2)"
say "starting the cluster"
"$cluster" start --cores 3 --memory 3g
say "submitting Tally supervised (file inbox, H2 sink)"
driver=$("$cluster" submit --input-dir "$job/inbox" --format csv --key k --values v --decimals 0 \
  --batch 2s --window 10s/2s --checkpoint-interval 4s --checkpoint-dir "$job/checkpoint" \
  --sink jdbc --jdbc-url "$jdbc_url")
say "driver $driver"
await "the first batch" log_has "INFO  health: batch_time="

move_in 1
move_in 2
await "the first two files' totals" totals_are "$(cat "$job"/inbox/events-{1,2}.csv | sum_by_key)"
say "totals of files 1-2 are in the database"

move_in 3
first_pid=$("$cluster" driver-pid "$driver")
kill -9 "$first_pid"
say "kill -9 of the driver (pid $first_pid) right after file 3 arrived"
move_in 4
await "the worker to re-launch the driver" relaunched
await "a new driver process" new_driver_pid
say "the worker re-launched it: pid $("$cluster" driver-pid "$driver"), state $("$cluster" driver "$driver")"
move_in 5
await "the recovery from the checkpoint" log_has "Recovered from the checkpoint"
say "it recovered from its checkpoint"
await "exact totals of all five files" totals_are "$expected"
say "totals exact after the crash: $(echo "$expected" | wc -l) keys, $(echo "$expected" | awk '{c += $2; s += $3} END {print c " events, sum " s}')"

# Later batches must not count anything again: a marker file goes through, the others stay as they were.
echo "marker,1" > "$job/staging/marker.csv"
mv "$job/staging/marker.csv" "$job/inbox/marker.csv"
await "the marker's total" totals_are "$(printf '%s\nmarker,1\n' "$(cat "$job"/inbox/events-*.csv)" | sum_by_key)"
rejects=$(query "SELECT COUNT(*) FROM tally_rejects" | awk 'NR == 2 { print $1 }')
[ "$rejects" = 5 ] || fail "expected 5 rejects (one per file), found $rejects"
say "no double counting after the marker; rejects: $rejects, one per file"

"$cluster" kill "$driver"
state=$("$cluster" driver "$driver")
case $state in FINISHED|KILLED) ;; *) fail "driver state after kill: $state" ;; esac
sleep 3 # a supervised driver stopped for good must not be re-launched: give the worker the time it would take
"$cluster" driver-pid "$driver" >/dev/null 2>&1 && fail "the driver came back after the kill"
say "killed for good: $state, no driver process; checkpoint on disk: $(du -sh "$job/checkpoint" | cut -f1)"
