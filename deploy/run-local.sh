#!/usr/bin/env bash
# Runs Tally locally (local[2]) on a live feed of generated campaign events: sliding windows, running
# totals and rejects go to an embedded H2 database (target/local/tally, query it with deploy/query.sh
# while the job runs) and a summary is printed every batch. State lives in target/local/
# (TALLY_LOCAL_DIR): run it again and it recovers from its checkpoint. Ctrl-C stops gracefully.
# Extra arguments go to Tally (--help).
# TALLY_DEMO_SECONDS=N stops it by itself after N seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

state=${TALLY_LOCAL_DIR:-$TALLY_REPO/target/local}
mkdir -p "$state/inbox" "$state/staging"
rm -f "$state/stop"
tally_build

# One file of 20-60 campaign events every 2 s, about 5 % of its lines malformed; each file is written
# in staging/ and renamed into inbox/, so Tally never reads half a file.
feed() {
  local n=0
  while true; do
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
    }' > "$state/staging/events-$n.csv"
    mv "$state/staging/events-$n.csv" "$state/inbox/events-$n.csv"
    sleep 2
  done
}
feed &
feeder=$!
timer=
trap 'kill $feeder $timer 2>/dev/null || true' EXIT
if [ -n "${TALLY_DEMO_SECONDS:-}" ]; then
  (sleep "$TALLY_DEMO_SECONDS" && touch "$state/stop") &
  timer=$!
fi

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

echo "tally: feeding $state/inbox; Ctrl-C stops gracefully" >&2
set +e
tally_java dev.tally.Tally --input-dir "$state/inbox" "${defaults[@]}" "$@"
code=$?
echo "tally: exited with $code" >&2
exit $code
