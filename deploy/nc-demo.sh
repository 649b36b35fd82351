#!/usr/bin/env bash
# The classic socket word count, in one terminal: starts `nc -lk` on 127.0.0.1 (installing netcat if
# it is missing and we may), runs Tally locally on it, and sends every line you type to it. Typed
# words show up in the next batch's windows and totals, printed as they come; they are also stored
# in the H2 database target/nc-demo/tally (query it with
#   TALLY_JDBC_URL="jdbc:h2:file:$PWD/target/nc-demo/tally;AUTO_SERVER=TRUE" deploy/query.sh "SELECT * FROM tally_totals"
# ). Ctrl-D, Ctrl-C or SIGTERM stops Tally gracefully; the script exits with Tally's code.
#   deploy/nc-demo.sh [TALLY OPTIONS]     (deploy/tally.sh --help lists them)
# TALLY_NC_PORT picks the port (default 9999), TALLY_LOCAL_DIR the folder (default target/nc-demo).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tally_usage_on_help "$@"

port=${TALLY_NC_PORT:-9999}
if ! command -v nc >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "tally: installing netcat-openbsd..." >&2
    apt-get update -qq && apt-get install -y -qq netcat-openbsd >/dev/null
  else
    echo "tally: nc is missing: install netcat (e.g. sudo apt-get install netcat-openbsd)" >&2
    exit 1
  fi
fi
tally_build

state=${TALLY_LOCAL_DIR:-$TALLY_REPO/target/nc-demo}
options=()
tally_has_option --checkpoint-dir "$@" || options+=(--checkpoint-dir "$state/checkpoint")
tally_has_option --batch "$@" || options+=(--batch 2s)
tally_has_option --window "$@" || options+=(--window 10s/2s)
tally_has_option --top "$@" || options+=(--top 8)
tally_has_option --sink "$@" || options+=(--sink jdbc,console)
tally_has_option --jdbc-url "$@" || options+=(--jdbc-url "jdbc:h2:file:$state/tally;AUTO_SERVER=TRUE")
options+=("$@")
# A bad option is refused here, before nc starts.
tally_java dev.tally.Tally --check-config --socket "127.0.0.1:$port" "${options[@]}" >/dev/null || exit $?
# nc cannot replay what it sent, so a checkpoint left by an earlier run would only make Tally catch up
# on every batch missed since then: each run starts a new one, and its totals continue from the
# database (--seed-totals).
tally_has_option --checkpoint-dir "$@" || rm -rf "$state/checkpoint"
mkdir -p "$state"
rm -f "$state/words" "$state/stop"
mkfifo "$state/words"

nc_pid= TALLY_PID= tally_code=1
# Stops Tally gracefully (the batches received are finished) and keeps its exit code.
stop_tally() {
  if [ -n "$TALLY_PID" ]; then
    kill -TERM "$TALLY_PID" 2>/dev/null || true
    tally_code=0
    wait "$TALLY_PID" || tally_code=$?
    TALLY_PID=
  fi
}
cleanup() {
  stop_tally
  exec 3>&- || true
  [ -n "$nc_pid" ] && kill "$nc_pid" 2>/dev/null
  rm -f "$state/words"
}
trap cleanup EXIT
trap 'stop_tally; exit $tally_code' INT TERM HUP

# nc listens and forwards what arrives on the FIFO to Tally's receiver; -k keeps it listening if the
# receiver reconnects.
nc -lk 127.0.0.1 "$port" < "$state/words" &
nc_pid=$!
exec 3> "$state/words"

tally_java_background dev.tally.Tally --socket "127.0.0.1:$port" "${options[@]}"

echo "tally: type words and press Enter; Ctrl-D stops" >&2
while IFS= read -r line; do
  kill -0 "$TALLY_PID" 2>/dev/null || break # Tally has ended (see its last lines above)
  printf '%s\n' "$line" >&3
done
stop_tally
exit $tally_code
