#!/usr/bin/env bash
# Runs SQL against Tally's embedded H2 database, also while the job runs (AUTO_SERVER):
#   deploy/query.sh SQL
#   deploy/query.sh "SELECT metric_key, event_count, sum_cost FROM tally_totals ORDER BY sum_cost DESC"
# Defaults to the database of deploy/run-local.sh; TALLY_JDBC_URL picks another H2 database, e.g.
#   TALLY_JDBC_URL="jdbc:h2:file:$PWD/target/nc-demo/tally;AUTO_SERVER=TRUE" deploy/query.sh "SELECT * FROM tally_totals"
# For PostgreSQL use psql.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tally_usage_on_help "$@"
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: deploy/query.sh SQL (one argument: quote the statement; --help for more)" >&2
  exit 2
fi
tally_build
url=${TALLY_JDBC_URL:-"jdbc:h2:file:$TALLY_REPO/target/local/tally;AUTO_SERVER=TRUE"}
# When the job is not running, this shell opens the database itself and serves it (AUTO_SERVER): on loopback only.
exec java -Dh2.bindAddress=127.0.0.1 -cp "$TALLY_JAR" org.h2.tools.Shell -url "$url" -user "${TALLY_JDBC_USER:-tally}" -sql "$1"
