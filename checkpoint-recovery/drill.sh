#!/usr/bin/env bash
# The kill -9 drill: Tally on a real standalone cluster (supervised driver), reading a real Kafka
# broker, writing to a real PostgreSQL server, while a generator writes events with unique ids and
# known values and the drill injects faults: kill -9 of the driver at random moments, kill -9 of an
# executor, a broker restart, the database stopped and started, and each of Tally's crash points.
# Then the generator stops, Tally drains the topic, and the verifier (dev.tally.audit.Audit)
# recomputes every window and total from the topic and the batch ledger and compares. Events carry
# an event time (a few out of order, a few late on purpose): the job also keeps event-time windows
# with a watermark, and the verifier replays the ledger's batches to recompute each batch's
# watermark, every event-time window row and every late event's reject.
#   checkpoint-recovery/drill.sh [--kills N] [--rate EVENTS_PER_S] [--seconds S] [--no-crash-points]
#                                [--upgrade] [--short] [--input kafka|files]
#                                [--totals-operator updateStateByKey|mapWithState]
#                                [--keys N] [--windows L/S,L/S,...] [--plain-window-slices N]
#                                [--kafka-max-rate N] [--event-windows L/S,...|none] [--watermark D]
#                                [--at-scale]
# --short is the CI run (every crash point, 1 random kill, every other fault once with 5 s outages,
# 200 events/s); the long run has 10 s outages and 300 events/s over 200 keys.
# --at-scale is the long run at 50 times that rate over 100,000 keys: 30 kills, 15,000 events/s,
# windows 60s/20s (summed afresh) and 120s/20s (inverse-reduced: --plain-window-slices 3), whose
# slides of 20 s keep the rows the verifier holds in memory (TALLY_AUDIT_HEAP, 12g here) in bounds,
# and one 60s/60s event-time window.
# --event-windows (default 10s/10s,30s/10s) and --watermark (default 5s) are the job's event-time
# windows and watermark delay (Kafka only: no ledger says which batch read a file); none turns them off.
# The generator stamps each event with its due time (epoch ms), 5 % of them 1 ms to half the delay
# earlier (out of order, on time) and 0.2 % the longest window plus the delay plus 30 s earlier (late).
# the default is the long run (100 kills). --upgrade also stops the job gracefully mid-stream,
# starts a changed build on the old checkpoint (refused), then with --on-checkpoint-change
# fresh-start. Exit 0 only when the verifier finds nothing lost, nothing doubled, everything equal.
# --input files is the file-input variant: the generator moves files into a directory Tally reads,
# the faults are the same but the broker's, and the verifier checks totals, windows and rejects
# against the generator's log (no ledger says which batch read a file: see DirectoryAudit).
# Everything lives in target/drill (TALLY_DRILL_DIR); every process it starts is stopped at the end,
# also when it fails. Ports: Kafka 19092/19093, PostgreSQL 15432, cluster 27077/28080/28081; the
# file variant lives in target/drill-files with PostgreSQL 15433 and cluster 37077/38080/38081, so
# that it can run beside a Kafka drill.
set -euo pipefail
source "$(dirname "$0")/../deploy/lib.sh"

kills=100 rate=300 seconds=0 crash_points=1 upgrade=0 outage=10 input=kafka totals_operator=updateStateByKey
keys=200 windows=10s/2s,30s/10s,30s/2s plain_window_slices= kafka_max_rate=2000
event_windows=10s/10s,30s/10s watermark=5s
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "$0"; exit 0 ;;
    --short) kills=1; rate=200; outage=5 ;;
    --kills) kills=${2:?--kills needs a number}; shift ;;
    --rate) rate=${2:?--rate needs events per second}; shift ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    --no-crash-points) crash_points=0 ;;
    --upgrade) upgrade=1 ;;
    --input) input=${2:?--input needs kafka or files}; shift ;;
    --totals-operator) totals_operator=${2:?--totals-operator needs updateStateByKey or mapWithState}; shift ;;
    --keys) keys=${2:?--keys needs a number}; shift ;;
    --windows) windows=${2:?--windows needs L/S,L/S,...}; shift ;;
    --plain-window-slices) plain_window_slices=${2:?--plain-window-slices needs a number}; shift ;;
    --kafka-max-rate) kafka_max_rate=${2:?--kafka-max-rate needs records per partition and second}; shift ;;
    --event-windows) event_windows=${2:?--event-windows needs L/S,L/S,... or none}; shift ;;
    --watermark) watermark=${2:?--watermark needs a duration}; shift ;;
    --at-scale) kills=30; rate=15000; keys=100000; windows=60s/20s,120s/20s; plain_window_slices=3; event_windows=60s/60s
      kafka_max_rate=20000; export TALLY_AUDIT_HEAP=${TALLY_AUDIT_HEAP:-12g} ;;
    *) echo "drill: unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$kills" =~ ^[0-9]+$ ]] || { echo "drill: --kills: '$kills' is not a number" >&2; exit 2; }
[[ "$rate" =~ ^[1-9][0-9]*$ ]] || { echo "drill: --rate: '$rate' is not a positive number" >&2; exit 2; }
[[ "$keys" =~ ^[1-9][0-9]*$ ]] || { echo "drill: --keys: '$keys' is not a positive number" >&2; exit 2; }
[[ "$kafka_max_rate" =~ ^[0-9]+$ ]] || { echo "drill: --kafka-max-rate: '$kafka_max_rate' is not a number" >&2; exit 2; }
[[ "$input" =~ ^(kafka|files)$ ]] || { echo "drill: --input: '$input' is not kafka or files" >&2; exit 2; }
[[ "$totals_operator" =~ ^(updateStateByKey|mapWithState)$ ]] \
  || { echo "drill: --totals-operator: '$totals_operator' is not updateStateByKey or mapWithState" >&2; exit 2; }
# A duration as Tally takes it (500ms, 5s, 2m, 1h) in milliseconds, for the generator's late stamps.
duration_ms() {
  [[ "$1" =~ ^([0-9]+)(ms|s|m|min|h)$ ]] || { echo "drill: '$1' is not a duration like 500ms, 5s, 2m or 1h" >&2; exit 2; }
  case ${BASH_REMATCH[2]} in
    ms) echo "${BASH_REMATCH[1]}" ;; s) echo $((BASH_REMATCH[1] * 1000)) ;;
    m|min) echo $((BASH_REMATCH[1] * 60000)) ;; h) echo $((BASH_REMATCH[1] * 3600000)) ;;
  esac
}
watermark_ms=$(duration_ms "$watermark")
[ "$input" = kafka ] || event_windows=none # the file variant's verifier has no ledger to replay watermarks with
longest_event_window_ms=0
if [ "$event_windows" != none ]; then
  IFS=, read -ra event_window_list <<< "$event_windows"
  for w in "${event_window_list[@]}"; do
    length_ms=$(duration_ms "${w%%/*}")
    [ "$length_ms" -le "$longest_event_window_ms" ] || longest_event_window_ms=$length_ms
  done
fi
if [ "$input" = files ] && [ "$upgrade" = 1 ]; then
  # A new checkpoint reads only files newer than its start: files moved in while no job ran would
  # be skipped. Upgrading a file job means draining the directory first (checkpoint-recovery/README.md).
  echo "drill: --upgrade: the upgrade drill runs with --input kafka only" >&2; exit 2
fi

if [ "$input" = kafka ]; then
  drill=${TALLY_DRILL_DIR:-$TALLY_REPO/target/drill}
  export TALLY_CLUSTER_DIR=$drill/cluster TALLY_MASTER_PORT=27077 TALLY_MASTER_UI_PORT=28080 TALLY_WORKER_UI_PORT=28081
  export TALLY_PG_DIR=$drill/postgres TALLY_PG_PORT=15432
else
  drill=${TALLY_DRILL_DIR:-$TALLY_REPO/target/drill-files}
  export TALLY_CLUSTER_DIR=$drill/cluster TALLY_MASTER_PORT=37077 TALLY_MASTER_UI_PORT=38080 TALLY_WORKER_UI_PORT=38081
  export TALLY_PG_DIR=$drill/postgres TALLY_PG_PORT=15433
fi
export TALLY_KAFKA_DIR=$drill/kafka TALLY_KAFKA_PORT=19092 TALLY_KAFKA_CONTROLLER_PORT=19093
cluster=$TALLY_REPO/deploy/cluster.sh
kafka=$TALLY_REPO/deploy/kafka.sh
postgres=$TALLY_REPO/checkpoint-recovery/postgres.sh
topic=drill
started=$SECONDS
say() { echo "drill [$((SECONDS - started))s]: $*"; }
fail() { echo "drill: FAILED: $*" >&2; exit 1; }

generator_pid=
cleanup() {
  local code=$?
  trap - EXIT
  [ -n "$generator_pid" ] && kill "$generator_pid" 2>/dev/null
  exec 4>&-
  if [ $code -ne 0 ] && [ -n "${driver:-}" ] && [ -f "$TALLY_CLUSTER_DIR/work/$driver/stderr" ]; then
    echo "--- last lines of the driver's log" >&2
    grep -v '^Launch Command' "$TALLY_CLUSTER_DIR/work/$driver/stderr" | tail -n 30 >&2
  fi
  "$cluster" stop > "$drill/stop.log" 2>&1 || true
  [ "$input" = files ] || "$kafka" stop >> "$drill/stop.log" 2>&1 || true
  "$postgres" stop >> "$drill/stop.log" 2>&1 || true
  local left
  left=$(tally_pids_in "$drill")
  if [ -n "$left" ]; then
    echo "drill: FAILED: left running after the stop, now killed: $left" >&2
    kill -KILL $left 2>/dev/null || true
    code=1
  fi
  [ $code -eq 0 ] && say "PASSED; nothing left running" || echo "drill: FAILED (exit $code); everything is in $drill" >&2
  exit $code
}


[ -z "$(tally_pids_in "$drill")" ] || { echo "drill: a drill is running in $drill already" >&2; exit 1; }
rm -rf "$drill"
mkdir -p "$drill"
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

tally_build
tally_spark_home

# --- Services -----------------------------------------------------------------------------------
"$postgres" start
jdbc_url=$("$postgres" url)
password_file=$("$postgres" password-file)
if [ "$input" = kafka ]; then
  "$kafka" start
  "$kafka" topics --create --topic "$topic" --partitions 3 --replication-factor 1 > /dev/null
fi
"$cluster" start --cores 3 --memory 3g

# The job: the same options for every submit and for the verifier. Both window forms by default:
# 10s/2s (5 slices) and 30s/10s (3) are summed afresh at each slide, 30s/2s (15 slices) is inverse-reduced.
job_options=(--checkpoint-dir "$drill/checkpoint" --format csv --csv-columns id,key,v,ts --key key --values v
  --decimals 2 --batch 2s --jdbc-url "$jdbc_url" --jdbc-password-file "$password_file"
  --totals-operator "$totals_operator")
IFS=, read -ra window_list <<< "$windows"
for w in "${window_list[@]}"; do job_options+=(--window "$w"); done
[ -z "$plain_window_slices" ] || job_options+=(--plain-window-slices "$plain_window_slices")
if [ "$event_windows" != none ]; then
  job_options+=(--event-time ts --watermark "$watermark")
  for w in "${event_window_list[@]}"; do job_options+=(--event-window "$w"); done
fi
if [ "$input" = kafka ]; then
  job_options+=(--kafka-bootstrap 127.0.0.1:19092 --kafka-topics "$topic" --kafka-group drill --kafka-max-rate "$kafka_max_rate")
else
  mkdir -p "$drill/inbox" "$drill/staging"
  # Spark skips files older than its remembered minute: a driver down longer would miss some.
  job_options+=(--input-dir "$drill/inbox" --conf spark.streaming.fileStream.minRememberDuration=600s)
fi

submit() { # [extra driver Java options] [-- extra Tally options]
  local driver_options=$TALLY_OPENS extra=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do driver_options+=" $1"; shift; done
  [ $# -gt 0 ] && shift && extra=("$@")
  driver=$("$cluster" submit --conf "spark.driver.extraJavaOptions=$driver_options" \
    ${executor_options:+--conf "spark.executor.extraJavaOptions=$executor_options"} -- "${job_options[@]}" "${extra[@]}")
  say "submitted $driver${extra:+ with ${extra[*]}}"
}
driver_log() { cat "$TALLY_CLUSTER_DIR/work/$driver/stderr" 2>/dev/null || true; }
batches_done() { driver_log | grep -c "INFO  health: batch_time=" || true; }

# Waits (at most $2 seconds) until the driver has completed $1 more batches than now.
await_batches() {
  local target=$(($(batches_done) + $1)) deadline=$((SECONDS + ${2:-180}))
  while [ "$(batches_done)" -lt "$target" ]; do
    [ $SECONDS -lt $deadline ] || fail "no progress: $1 batches did not complete within ${2:-180} s"
    sleep 1
  done
}

# Waits until a batch that began at least 2 s from now has completed: everything read before is
# processed, so a graceful stop has only that batch left to finish. The health line gives the batch
# time as ISO-8601 in UTC with milliseconds, which sorts as text, also across midnight.
await_caught_up() { # [SECONDS ahead, 2 by default]
  local from deadline=$((SECONDS + 300 + ${1:-2}))
  from=$(date -u +%Y-%m-%dT%H:%M:%S.000Z -d "+${1:-2} seconds")
  until driver_log | awk -v t="$from" '
      /INFO  health: batch_time=/ && substr($5, length("batch_time=") + 1) >= t { found = 1 } END { exit !found }'; do
    [ $SECONDS -lt $deadline ] || fail "Tally did not catch up within 300 s"
    sleep 1
  done
}

# --- The generator ------------------------------------------------------------------------------
# Event n: id n, key k000..k199 (k00000..k99999 with --keys 100000: 7919 is prime, so every key comes
# round once in $keys events), value 0.01..99.99, and its event time in epoch ms: the moment it is
# due (the generator's start plus n / rate), except for every 20th (n % 20 = 3: 5 %), stamped 1 ms to
# half the watermark delay earlier (out of order, on time), and every 500th (n % 500 = 250: 0.2 %),
# stamped the longest event-time window plus the delay plus 30 s earlier: late on purpose, unless it
# comes in a batch without a watermark yet (the verifier recomputes which are). Every line is also
# written to generator.log.
last_key=$((keys - 1))
key_width=$((${#last_key} > 3 ? ${#last_key} : 3))
out_of_order_max_ms=$((watermark_ms / 2 > 1 ? watermark_ms / 2 : 1))
late_ms=$((longest_event_window_ms + watermark_ms + 30000))
events() { # FROM COUNT START_MS (the time event 0 was due)
  # %.0f, not %d: mawk's %d stops at 2^31 - 1, and epoch milliseconds are larger.
  awk -v from="$1" -v count="$2" -v start="$3" -v rate="$rate" -v keys="$keys" -v ooo="$out_of_order_max_ms" \
      -v late="$late_ms" -v fmt="%d,k%0${key_width}d,%d.%02d,%.0f\n" 'BEGIN {
    for (i = from; i < from + count; i++) {
      ts = start + int(i * 1000 / rate)
      if (i % 20 == 3) ts -= 1 + (i * 7919) % ooo
      else if (i % 500 == 250) ts -= late
      printf fmt, i, (i * 7919) % keys, (i * 37) % 100, (i * 13) % 100, ts
    }
  }'
}
if [ "$input" = kafka ]; then
  mkfifo "$drill/generator.fifo"
  "$kafka" produce --topic "$topic" --producer-property acks=all --producer-property linger.ms=20 \
    --producer-property delivery.timeout.ms=300000 < "$drill/generator.fifo" > "$drill/producer.log" 2>&1 &
  exec 4> "$drill/generator.fifo"
  generate() { # paced by the clock, not by ticks: the time a tick takes would lower the rate
    local n=0 due started_at=$EPOCHREALTIME start_ms
    start_ms=$(awk -v t="$started_at" 'BEGIN { printf "%.0f", t * 1000 }')
    while true; do
      due=$(awk -v from="$started_at" -v now="$EPOCHREALTIME" -v rate="$rate" 'BEGIN { printf "%d", (now - from) * rate }')
      if [ "$due" -gt "$n" ]; then
        events "$n" $((due - n)) "$start_ms" | tee -a "$drill/generator.log" >&4
        n=$due
      fi
      sleep 0.2
    done
  }
else
  generate() { # a file every 0.5 s: written aside, logged, stamped now, renamed in (read once, whole)
    local n=0 per_file=$(((rate + 1) / 2)) name stop= start_ms
    start_ms=$(date +%s%3N)
    trap 'stop=1' TERM # finish the file in hand: the log and the directory hold the same lines
    while [ -z "$stop" ]; do
      name=$(printf 'events-%09d.csv' "$n")
      events "$n" "$per_file" "$start_ms" > "$drill/staging/$name"
      cat "$drill/staging/$name" >> "$drill/generator.log"
      touch "$drill/staging/$name"
      mv "$drill/staging/$name" "$drill/inbox/$name"
      n=$((n + per_file))
      sleep 0.5
    done
  }
fi
start_generator() {
  generate &
  generator_pid=$!
  if [ "$input" = kafka ]; then
    say "generator: about $rate events/s into topic $topic (3 partitions)$([ "$event_windows" = none ] || echo \
      ", event time: 5 % up to $out_of_order_max_ms ms out of order, 0.2 % $late_ms ms late; event windows $event_windows, watermark $watermark")"
  else
    say "generator: about $rate events/s in two files a second into $drill/inbox"
  fi
}
# Kafka keeps what is written before the job starts; a directory job reads only files newer than its
# first start, so the file generator waits for the job (see below).
[ "$input" = files ] || start_generator

# --- Faults -------------------------------------------------------------------------------------
# The crash points are armed in the first submit: the driver's JVM options stay those of the submit
# when the worker re-launches it, and the executors' are kept in the checkpoint (Spark recovers its
# SparkConf from there). A marker file per point makes each halt once; -Dtally.crashPoint.at picks
# a moment after the job has warmed up.
executor_options=
driver_points=
points="after-sink-write-before-offsets after-batch-before-checkpoint mid-partition"
[ "$input" = kafka ] || points="after-batch-before-checkpoint mid-partition" # no offsets to store
if [ "$crash_points" = 1 ]; then
  driver_point_list=$(echo "$points" | sed 's/ mid-partition//; s/ /,/g')
  # One marker per point: PATH.POINT when several are armed, PATH itself for one.
  marker=$drill/crash
  [[ "$driver_point_list" == *,* ]] || marker=$drill/crash.$driver_point_list
  driver_points="-Dtally.crashPoint=$driver_point_list -Dtally.crashPoint.at=2 -Dtally.crashPoint.marker=$marker"
  executor_options="-Dtally.crashPoint=mid-partition -Dtally.crashPoint.at=12 -Dtally.crashPoint.marker=$drill/crash.mid-partition"
fi
submit $driver_points
if [ "$input" = files ]; then
  deadline=$((SECONDS + 600))
  until driver_log | grep -q "Started a new job"; do
    [ $SECONDS -lt $deadline ] || fail "Tally did not start within 600 s"
    sleep 0.5
  done
  start_generator
fi
if [ "$crash_points" = 0 ]; then
  await_batches 3 600
  say "Tally is running"
else
  # Each point halts the JVM, and a re-launched driver starts a new log: wait for the markers.
  deadline=$((SECONDS + 900))
  for point in $points; do
    until [ -f "$drill/crash.$point" ]; do
      [ $SECONDS -lt $deadline ] || fail "crash point $point was not reached"
      sleep 0.5
    done
    say "crash point $point reached: the JVM halted (exit 86)"
  done
  await_batches 3 600
  say "recovered from every crash point and running: $(grep -c 'exited with status 86' "$TALLY_CLUSTER_DIR/logs/worker.log") driver halt(s) re-launched by the worker"
fi

kill_driver() {
  local pid
  pid=$("$cluster" driver-pid "$driver")
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", r / 32768 * 2 }')" # any moment of a 2 s batch
  kill -9 "$pid"
  local deadline=$((SECONDS + 180))
  until new=$("$cluster" driver-pid "$driver" 2>/dev/null) && [ "$new" != "$pid" ]; do
    [ $SECONDS -lt $deadline ] || fail "the driver was not re-launched after kill -9"
    sleep 0.5
  done
  await_batches 2 600
}

# Most kills come once the re-launched job has caught up, as in production; every third comes while
# it is still re-running the batches it missed (the stretch in which plain Spark could leave a
# checkpoint that cannot be restored), and the next kill waits for the catch-up so that the backlog
# stays bounded. The last kill is followed by the other faults (or the end, which waits anyway).
for k in $(seq 1 "$kills"); do
  kill_driver
  if [ $((k % 3)) = 0 ] || [ "$k" = "$kills" ]; then
    say "kill -9 of the driver $k/$kills: re-launched and running again (the next fault comes during its catch-up)"
  else
    await_caught_up
    say "kill -9 of the driver $k/$kills: re-launched, running again and caught up"
  fi
  case $k in
    1)
      if [ "$input" = kafka ]; then
        "$kafka" stop > /dev/null
        sleep "$outage"
        "$kafka" start > /dev/null
        await_batches 2 600
        say "broker stopped for $outage s and restarted"
      fi
      "$postgres" stop > /dev/null
      sleep "$outage"
      "$postgres" start > /dev/null
      await_batches 2 600
      say "database stopped for $outage s and restarted"
      executor=$(for pid in $(pgrep -f CoarseGrainedExecutorBackend || true); do
        [[ "$(readlink "/proc/$pid/cwd")" == "$TALLY_CLUSTER_DIR"/work/* ]] && echo "$pid"; done | head -n 1)
      if [ -n "$executor" ]; then
        kill -9 "$executor"
        await_batches 3 600
        say "kill -9 of an executor (pid $executor): a new one took over"
      fi ;;
  esac
done

# The upgrade: a graceful stop, a changed build (AddMetrics gains a field: other bytecode, same
# serialVersionUID) refused on the old checkpoint, then started with a fresh start, which continues
# from the offsets and totals stored in the database.
if [ "$upgrade" = 1 ]; then
  say "upgrade: building a changed jar"
  rm -rf "$drill/upgrade-src" && mkdir -p "$drill/upgrade-src"
  cp -r "$TALLY_REPO/pom.xml" "$TALLY_REPO/src" "$drill/upgrade-src/"
  sed -i 's|^  private static final long serialVersionUID = 1L;|&\n  static final String DRILL_UPGRADE = "the changed build";|' \
    "$drill/upgrade-src/src/main/java/dev/tally/checkpointed/AddMetrics.java"
  (cd "$drill/upgrade-src" && tally_mvn -DskipTests -Dcluster.smoke.skip=true package)
  # A graceful stop finishes the batches it has: let the job catch up first, so that the stop does
  # not run into its timeout (a stop cut short between results and offsets makes the fresh start
  # refuse to seed, rightly: run the old build once more first).
  await_caught_up
  "$cluster" kill "$driver" > /dev/null
  say "upgrade: the old build stopped gracefully"
  export TALLY_JAR=$drill/upgrade-src/target/tally-0.1.0.jar TALLY_PREBUILT=1
  set +e
  refusal_started=$(date +%s%N)
  refusal=$("$cluster" submit -- "${job_options[@]}" 2>&1 >/dev/null)
  refused=$?
  refusal_ms=$((($(date +%s%N) - refusal_started) / 1000000))
  set -e
  [ "$refused" = 2 ] || fail "the changed build was not refused on the old checkpoint (exit $refused): $refusal"
  say "upgrade: the changed build was refused on the old checkpoint (exit 2 in $refusal_ms ms, JVM start included):"
  echo "    $(echo "$refusal" | grep '^tally:' | cut -c1-300)"
  job_options+=(--on-checkpoint-change fresh-start)
  executor_options=
  submit
  await_batches 3 600
  driver_log | grep -q "Fresh start: new checkpoint generation" || fail "the upgrade did not start a new generation"
  say "upgrade: the changed build runs in a new checkpoint generation ($(ls -d "$drill"/checkpoint/gen-* | xargs -n1 basename | tr '\n' ' '))"
  kill_driver
  say "upgrade: kill -9 of the upgraded driver: re-launched and running again"
fi

if [ "$seconds" -gt 0 ] && [ $((SECONDS - started)) -lt "$seconds" ]; then
  sleep $((seconds - (SECONDS - started)))
fi

# --- Drain and verify ---------------------------------------------------------------------------
kill "$generator_pid"
wait "$generator_pid" 2>/dev/null || true
generator_pid=
exec 4>&-
produced=$(wc -l < "$drill/generator.log")
say "generator stopped after $produced events; waiting for Tally to catch up"
await_caught_up
if [ "$input" = files ]; then
  # The verifier sums every window's rows: let the longest window slide past the last file.
  await_caught_up 32
fi
"$cluster" kill "$driver" > /dev/null
say "Tally stopped gracefully; verifying"
set +e
java -Xmx"${TALLY_AUDIT_HEAP:-4g}" $TALLY_OPENS -cp "$TALLY_JAR:$SPARK_HOME/jars/*" -Dlog4j2.configurationFile="$TALLY_REPO/deploy/conf/log4j2.properties" \
  dev.tally.audit.Audit "${job_options[@]}" --generator-log "$drill/generator.log" | tee "$drill/verifier.txt"
verdict=${PIPESTATUS[0]}
set -e
say "checkpoint on disk: $(du -sh "$drill/checkpoint" | cut -f1)"
[ "$verdict" = 0 ] || fail "the verifier found differences (exit $verdict): $drill/verifier.txt"

# Spark puts its own Java options in front of the executors' at every start, also of the options a
# recovery reads from the checkpoint: unchecked, each restart adds 15 --add-opens until executors no
# longer start (CheckpointedContext keeps one copy). Every life after the first must launch its
# executors with as many as the first restart did.
opens=()
for app in $(ls -d "$TALLY_CLUSTER_DIR"/work/app-* 2>/dev/null | sort); do
  first=$(ls "$app" | sort -n | head -n 1)
  [ -n "$first" ] && [ -f "$app/$first/stderr" ] && opens+=("$(head -n 1 "$app/$first/stderr" | grep -o -- '--add-opens' | wc -l)")
done
if [ ${#opens[@]} -ge 2 ]; then
  most=$(printf '%s\n' "${opens[@]:1}" | sort -n | tail -n 1)
  say "executor Java options over ${#opens[@]} lives: ${opens[0]} --add-opens in the first, ${opens[1]} after the first restart, at most $most later"
  [ "$most" -le "${opens[1]}" ] || fail "the executors' Java options grow from restart to restart (${opens[*]})"
fi
