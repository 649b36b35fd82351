#!/usr/bin/env bash
# Runs SQL against Tally's embedded H2 database, also while the job runs (AUTO_SERVER), e.g.
#   deploy/query.sh "SELECT metric_key, event_count, sum_cost FROM tally_totals ORDER BY sum_cost DESC"
# Defaults to the database of deploy/run-local.sh; TALLY_JDBC_URL picks another H2 database.
# For PostgreSQL use psql.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tally_build
url=${TALLY_JDBC_URL:-"jdbc:h2:file:$TALLY_REPO/target/local/tally;AUTO_SERVER=TRUE"}
java -cp "$TALLY_JAR" org.h2.tools.Shell -url "$url" -user "${TALLY_JDBC_USER:-tally}" -sql "${1:?usage: deploy/query.sh SQL}"
