#!/usr/bin/env bash
# A Spark standalone cluster on this machine (one master, one worker, on 127.0.0.1) and Tally submitted
# to it with a supervised driver: a driver that dies is re-launched by the worker and recovers from
# its checkpoint.
#   deploy/cluster.sh start [--cores N] [--memory SIZE]
#                          start the master and a worker (default 3 cores, 3g: a driver takes 1 core
#                          and 1g of them) and wait until the worker has registered
#   deploy/cluster.sh submit [SPARK-SUBMIT OPTIONS --] TALLY OPTIONS
#                          check Tally's options, build it, spark-submit --deploy-mode cluster
#                          --supervise with deploy/spark-defaults.conf; prints the driver id
#   deploy/cluster.sh status              master, worker, drivers and their states, UIs, logs
#   deploy/cluster.sh driver [ID]         a driver's state (ID defaults to the last submitted)
#   deploy/cluster.sh driver-pid [ID]     the pid of a running driver's JVM (for kill -9)
#   deploy/cluster.sh kill [ID]           stop a supervised driver for good (SIGTERM: a graceful stop)
#   deploy/cluster.sh stop                stop the worker (it stops its drivers and executors), then
#                                         the master, by pid: SIGTERM, SIGKILL after a timeout
# Spark comes from SPARK_HOME when it names a Spark 3.5 distribution, else from Maven (deploy/lib.sh).
# Everything lives in TALLY_CLUSTER_DIR (default target/cluster): logs/ (master, worker, submits and
# a link per driver), work/ (the worker's), pid files. Ports: TALLY_MASTER_PORT (7077),
# TALLY_MASTER_UI_PORT (8080), TALLY_WORKER_UI_PORT (8081); all on 127.0.0.1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

dir=${TALLY_CLUSTER_DIR:-$TALLY_REPO/target/cluster}
master_port=${TALLY_MASTER_PORT:-7077}
master_ui_port=${TALLY_MASTER_UI_PORT:-8080}
worker_ui_port=${TALLY_WORKER_UI_PORT:-8081}
master_url=spark://127.0.0.1:$master_port
master_ui=http://127.0.0.1:$master_ui_port
logs=$dir/logs
work=$dir/work
# How long a driver may take for its graceful stop before the worker kills it (longer than
# spark.streaming.gracefulStopTimeout of deploy/spark-defaults.conf). The worker waits for it on the
# thread that also sends its heartbeats, so the master must tolerate the silence: worker_timeout
# exceeds it plus one heartbeat interval (a quarter of the timeout), or the master would declare the
# worker lost and launch a second copy of the driver while the first is still stopping.
driver_stop_timeout=60
worker_timeout=120

die() {
  echo "cluster: $*" >&2
  exit 1
}

# The pid in pid file $1 when it is a live JVM of this cluster running class $2 (a stale pid may
# have been reused by another process).
live_pid() {
  local pidfile=$dir/$1.pid pid command
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 1
  command=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline") || return 1
  [[ "$command" == *"-Dtally.cluster.dir=$dir "*"$2"* ]] || return 1
  echo "$pid"
}

# Pids of the processes the worker launched (drivers, executors): their working directory is in work/.
launched_pids() {
  local proc cwd
  for proc in /proc/[0-9]*; do
    cwd=$(readlink "$proc/cwd" 2>/dev/null) || continue
    [[ "$cwd" == "$work"/* ]] && echo "${proc#/proc/}"
  done
  return 0
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits up to $3 seconds for pattern $2 in log $1 while process $4 lives.
await_line() {
  local log=$1 pattern=$2 seconds=$3 pid=$4
  for _ in $(seq 1 $((seconds * 4))); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "process $pid ended; see $log"; }
    sleep 0.25
  done
  tail -n 20 "$log" >&2
  die "no '$pattern' in $log after $seconds s"
}

# SIGTERM, then SIGKILL after $2 seconds; returns when pid $1 is gone.
stop_pid() {
  local pid=$1 seconds=$2
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((seconds * 4))); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  echo "cluster: $pid still running after $seconds s: SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

start() {
  local cores=3 memory=3g
  while [ $# -gt 0 ]; do
    case $1 in
      --cores) cores=${2:?--cores needs a number}; shift 2 ;;
      --memory) memory=${2:?--memory needs a size such as 3g}; shift 2 ;;
      *) echo "cluster: start: unknown option $1 (--cores N, --memory SIZE)" >&2; exit 2 ;;
    esac
  done
  [[ "$cores" =~ ^[1-9][0-9]*$ ]] || { echo "cluster: --cores: '$cores' is not a positive number" >&2; exit 2; }
  [[ "$memory" =~ ^[1-9][0-9]*[mMgG]$ ]] || { echo "cluster: --memory: '$memory' is not a size such as 3g or 2048m" >&2; exit 2; }
  tally_spark_home
  mkdir -p "$logs" "$work"

  local master_pid worker_pid
  if master_pid=$(live_pid master deploy.master.Master); then
    echo "cluster: master already running (pid $master_pid)"
  else
    for port in "$master_port" "$master_ui_port" "$worker_ui_port"; do
      port_in_use "$port" && die "port $port on 127.0.0.1 is in use: stop what holds it, or set TALLY_MASTER_PORT, TALLY_MASTER_UI_PORT, TALLY_WORKER_UI_PORT"
    done
    : > "$logs/master.log"
    nohup java -Xmx512m $TALLY_OPENS -Dtally.cluster.dir="$dir" -Dspark.worker.timeout=$worker_timeout \
      -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui_port" \
      >> "$logs/master.log" 2>&1 < /dev/null &
    master_pid=$!
    echo "$master_pid" > "$dir/master.pid"
    await_line "$logs/master.log" "I have been elected leader" 60 "$master_pid"
    echo "cluster: master $master_url (pid $master_pid), UI $master_ui"
  fi

  if worker_pid=$(live_pid worker deploy.worker.Worker); then
    echo "cluster: worker already running (pid $worker_pid)"
  else
    : > "$logs/worker.log"
    # The worker gives a driver time for its graceful stop on a kill, and removes the work folders of
    # applications that ended a week ago.
    nohup java -Xmx512m $TALLY_OPENS -Dtally.cluster.dir="$dir" \
      -Dspark.worker.driverTerminateTimeout=${driver_stop_timeout}s -Dspark.worker.timeout=$worker_timeout \
      -Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.appDataTtl=604800 \
      -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" \
      --webui-port "$worker_ui_port" --work-dir "$work" "$master_url" \
      >> "$logs/worker.log" 2>&1 < /dev/null &
    worker_pid=$!
    echo "$worker_pid" > "$dir/worker.pid"
    await_line "$logs/worker.log" "Successfully registered with master" 60 "$worker_pid"
    echo "cluster: worker with $cores cores and $memory (pid $worker_pid), UI http://127.0.0.1:$worker_ui_port"
  fi
  echo "cluster: Spark home $SPARK_HOME; logs in $logs"
}

stop() {
  local pid
  if pid=$(live_pid worker deploy.worker.Worker); then
    # The worker sends SIGTERM to its drivers (they stop gracefully) and executors as it shuts down.
    echo "cluster: stopping the worker (pid $pid)"
    stop_pid "$pid" $((driver_stop_timeout + 10))
  fi
  for pid in $(launched_pids); do
    echo "cluster: stopping $pid, left running by the worker: $(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -o 'DriverWrapper\|CoarseGrainedExecutorBackend' | head -n 1 || true)"
    stop_pid "$pid" 30
  done
  if pid=$(live_pid master deploy.master.Master); then
    echo "cluster: stopping the master (pid $pid)"
    stop_pid "$pid" 30
  fi
  rm -f "$dir/master.pid" "$dir/worker.pid"
  echo "cluster: stopped"
}

master_json() {
  command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
  command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
  live_pid master deploy.master.Master >/dev/null || die "the master is not running (deploy/cluster.sh start)"
  curl -sf "$master_ui/json/" || die "no answer from $master_ui/json/"
}

driver_id() {
  if [ -n "${1:-}" ]; then
    echo "$1"
  elif [ -f "$dir/last-driver" ]; then
    cat "$dir/last-driver"
  else
    die "no driver submitted yet: give its id"
  fi
}

# The state of a driver as the master has it: SUBMITTED, RUNNING, RELAUNCHING, FINISHED, KILLED,
# FAILED, ERROR, or UNKNOWN.
driver_state() {
  master_json | jq -r --arg id "$1" \
    '[(.activedrivers + .completeddrivers)[] | select(.id == $id) | .state] | last // "UNKNOWN"'
}

driver_pid() {
  local proc command
  for proc in /proc/[0-9]*; do
    command=$(tr '\0' ' ' 2>/dev/null < "$proc/cmdline") || continue
    if [[ "$command" == *org.apache.spark.deploy.worker.DriverWrapper*"/$1/"* ]]; then
      echo "${proc#/proc/}"
      return 0
    fi
  done
  return 1
}

submit() {
  local submit_options=() tally_options=() arg
  if printf '%s\n' "$@" | grep -qx -- '--'; then
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_options+=("$1"); shift; done
    shift
  fi
  tally_options=("$@")
  tally_spark_home
  tally_build
  local master=$master_url
  for arg in "${submit_options[@]}"; do
    case $arg in --master|--master=*) master= ;; esac
  done
  if [ -n "$master" ]; then
    live_pid master deploy.master.Master >/dev/null || die "the master is not running (deploy/cluster.sh start)"
    submit_options=(--master "$master" "${submit_options[@]}")
  fi
  # A bad option is refused here, before the cluster starts a driver that would exit 2 and, supervised,
  # be re-launched again and again.
  java $TALLY_OPENS -Dspark.master="${master:-spark://cluster}" -cp "$TALLY_JAR:$SPARK_HOME/jars/*" \
    dev.tally.Tally --check-config "${tally_options[@]}" >/dev/null || exit $?

  mkdir -p "$logs"
  local log=$logs/submit-$(date +%Y%m%d-%H%M%S).log id
  tally_spark_java 512m org.apache.spark.deploy.SparkSubmit --deploy-mode cluster --supervise \
    --properties-file "$TALLY_REPO/deploy/spark-defaults.conf" --name tally "${submit_options[@]}" \
    --class dev.tally.Tally "$TALLY_JAR" "${tally_options[@]}" > "$log" 2>&1 \
    || { cat "$log" >&2; die "spark-submit failed (log: $log)"; }
  id=$(grep -o 'Driver successfully submitted as [^ ]*' "$log" | awk '{print $5}' | tail -n 1)
  [ -n "$id" ] || { cat "$log" >&2; die "spark-submit printed no driver id (log: $log)"; }
  echo "$id" > "$dir/last-driver"
  ln -sfn "$work/$id" "$logs/$id"
  echo "cluster: submitted $id; its log: $logs/$id/stderr (results printed by --sink console: stdout)" >&2
  echo "$id"
}

kill_driver() {
  local id state
  id=$(driver_id "${1:-}")
  tally_spark_home
  tally_spark_java 256m org.apache.spark.deploy.Client kill "$master_url" "$id" >> "$logs/kill.log" 2>&1 \
    || die "the kill request failed (log: $logs/kill.log)"
  # The worker sends SIGTERM and waits for the graceful stop; wait for the master to see it end.
  for _ in $(seq 1 $(((driver_stop_timeout + 30) * 2))); do
    state=$(driver_state "$id")
    case $state in
      KILLED|FINISHED|FAILED|ERROR)
        if ! driver_pid "$id" >/dev/null; then
          echo "cluster: $id $state"
          return 0
        fi ;;
    esac
    sleep 0.5
  done
  die "$id still $state after $((driver_stop_timeout + 30)) s"
}

status() {
  local pid json
  if pid=$(live_pid master deploy.master.Master); then
    echo "master  $master_url  pid $pid  UI $master_ui  log $logs/master.log"
  else
    echo "master  not running"
  fi
  if pid=$(live_pid worker deploy.worker.Worker); then
    echo "worker  pid $pid  UI http://127.0.0.1:$worker_ui_port  log $logs/worker.log  work $work"
  else
    echo "worker  not running"
  fi
  if json=$(master_json 2>/dev/null); then
    echo "$json" | jq -r '(.activedrivers + .completeddrivers)[] | "driver  \(.id)  \(.state)  worker \(.worker // "-")"' \
      | while read -r line; do
          id=$(echo "$line" | awk '{print $2}')
          pid=$(driver_pid "$id" || echo "-")
          echo "$line  pid $pid  log $logs/$id/stderr"
        done
    echo "$json" | jq -r '.activeapps[] | "app     \(.id)  \(.state)  cores \(.cores)  streaming UI: the driver'"'"'s :4040/streaming/"'
  fi
}

tally_usage_on_help "${1:-}"
command=${1:-}
[ $# -gt 0 ] && shift
case $command in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  submit) submit "$@" ;;
  driver) driver_state "$(driver_id "${1:-}")" ;;
  driver-pid) driver_pid "$(driver_id "${1:-}")" || die "no running driver $(driver_id "${1:-}")" ;;
  kill) kill_driver "${1:-}" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
