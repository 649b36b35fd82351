#!/usr/bin/env bash
# Runs Tally locally (local[2]) on a live feed of generated campaign events: sliding windows, running
# totals and rejects go to an embedded H2 database (target/local/tally, query it with deploy/query.sh
# while the job runs) and a summary is printed every batch. State lives in target/local/
# (TALLY_LOCAL_DIR): run it again and it recovers from its checkpoint.
#   deploy/run-local.sh [TALLY OPTIONS]     (deploy/tally.sh --help lists them)
# The feeder starts once Tally has run its first batch (a file moved in before the job has started
# is never read) and stops before Tally does, so every event fed is counted. Ctrl-C or SIGTERM stops
# gracefully; the script exits with Tally's code. TALLY_DEMO_SECONDS=N stops it by itself after N
# seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tally_usage_on_help "$@"

state=${TALLY_LOCAL_DIR:-$TALLY_REPO/target/local}
mkdir -p "$state/inbox" "$state/staging"
rm -f "$state/stop"
tally_build

defaults=()
tally_has_option --format "$@" || defaults+=(--format csv --key campaign --values cost,clicks --decimals 2)
tally_has_option --batch "$@" || defaults+=(--batch 2s)
tally_has_option --window "$@" || defaults+=(--window 10s/2s --window 60s/10s)
tally_has_option --checkpoint-dir "$@" || defaults+=(--checkpoint-dir "$state/checkpoint")
tally_has_option --stop-file "$@" || defaults+=(--stop-file "$state/stop")
# A demo rebuilt from changed sources continues in a new checkpoint generation rather than refusing.
tally_has_option --on-checkpoint-change "$@" || defaults+=(--on-checkpoint-change fresh-start)
tally_has_option --sink "$@" || defaults+=(--sink jdbc,console)
tally_has_option --jdbc-url "$@" || defaults+=(--jdbc-url "jdbc:h2:file:$state/tally;AUTO_SERVER=TRUE")
checkpoint=$(tally_option_value --checkpoint-dir "${defaults[@]}" "$@")
started=$state/.started
touch "$started"

# The newest batch time (ms) of a checkpoint Tally wrote since this script started, 0 before any.
# Spark names each checkpoint file after its batch, and a batch reads the files moved in up to its time.
checkpointed_batch_ms() {
  local newest
  newest=$(find "$checkpoint" -name 'checkpoint-[0-9]*' -newer "$started" 2>/dev/null \
    | sed -n 's:.*/checkpoint-\([0-9]*\).*:\1:p' | sort -n | tail -n 1) || true
  echo "${newest:-0}"
}

# Waits until Tally has checkpointed a batch at or after $1 (ms): the batch that reads a file
# moved in at that time. False when Tally ended or after $2 seconds.
await_batch_at() {
  local deadline=$((SECONDS + $2))
  while [ "$(checkpointed_batch_ms)" -lt "$1" ]; do
    kill -0 "$TALLY_PID" 2>/dev/null && [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

# One file of 20-60 campaign events every 2 s, about 5 % of its lines malformed; each file is written
# in staging/ and renamed into inbox/, so Tally never reads half a file.
feed() {
  local n=0
  while [ "$(checkpointed_batch_ms)" = 0 ]; do
    [ ! -e "$state/.feeder-stop" ] && kill -0 "$TALLY_PID" 2>/dev/null || return 0
    sleep 0.5
  done
  while [ ! -e "$state/.feeder-stop" ]; do
    n=$((n + 1))
    awk -v seed="$RANDOM$n" 'BEGIN {
      srand(seed); split("spring-sale brand-search retargeting newsletter video-launch", c, " ");
      lines = 20 + int(rand() * 41);
      for (i = 0; i < lines; i++) {
        r = rand();
        if (r < 0.02) print "spring-sale,not-a-number,1";
        else if (r < 0.04) print "a line without commas";
        else if (r < 0.05) print ",0.50,1";
        else printf "%s,%.2f,%d\n", c[1 + int(rand() * rand() * 5)], 0.05 + rand() * 4.9, int(rand() * 4);
      }
    }' > "$state/staging/events-$$-$n.csv"
    mv "$state/staging/events-$$-$n.csv" "$state/inbox/events-$$-$n.csv"
    sleep 2
  done
}

# Stops the feeder, waits (up to 60 s) for the batch that reads the last file it moved in, then
# stops Tally gracefully and keeps its exit code. Asked again while stopping (a second Ctrl-C), it
# signals Tally again, which then exits at once.
stopping= tally_code=0
stop_demo() {
  if [ -z "$stopping" ]; then
    stopping=1
    touch "$state/.feeder-stop"
    wait "$feeder" 2>/dev/null || true
    local last
    last=$(find "$state/inbox" -name 'events-*' -newer "$started" -printf '%T@\n' | sort -n | tail -n 1)
    [ -z "$last" ] || await_batch_at "$(awk -v t="$last" 'BEGIN { printf "%d", t * 1000 }')" 60 || true
  fi
  [ -n "$TALLY_PID" ] || return 0
  kill -TERM "$TALLY_PID" 2>/dev/null || true
  wait "$TALLY_PID" || tally_code=$?
  TALLY_PID=
}
cleanup() {
  [ -z "$TALLY_PID" ] || stop_demo
  if [ -n "$feeder" ]; then
    touch "$state/.feeder-stop"
    wait "$feeder" 2>/dev/null || true
  fi
  rm -f "$state/.feeder-stop" "$started"
}

rm -f "$state/.feeder-stop"
TALLY_PID= feeder=
trap cleanup EXIT
trap 'stop_demo; echo "tally: exited with $tally_code" >&2; exit $tally_code' INT TERM HUP
tally_java_background dev.tally.Tally --input-dir "$state/inbox" "${defaults[@]}" "$@"
feed &
feeder=$!

echo "tally: feeding $state/inbox once the first batch has run; Ctrl-C stops gracefully" >&2
deadline=$((SECONDS + ${TALLY_DEMO_SECONDS:-0}))
# Polled, not waited for: a trapped signal is handled within a second either way.
while kill -0 "$TALLY_PID" 2>/dev/null; do
  if [ -n "${TALLY_DEMO_SECONDS:-}" ] && [ $SECONDS -ge $deadline ]; then
    stop_demo
    break
  fi
  sleep 1
done
[ -z "$TALLY_PID" ] || wait "$TALLY_PID" || tally_code=$? # Tally ended by itself (see its last lines above)
TALLY_PID=
echo "tally: exited with $tally_code" >&2
exit $tally_code
