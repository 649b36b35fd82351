#!/usr/bin/env bash
# A single-node Kafka broker (KRaft) on 127.0.0.1 for demos and tests, from jars Maven resolves.
#   deploy/kafka.sh start            resolve Kafka (once), format the data dir (once), start, wait until ready
#   deploy/kafka.sh stop             stop by pid: SIGTERM, then SIGKILL after 30 s
#   deploy/kafka.sh status
#   deploy/kafka.sh topics ARGS      Kafka's TopicCommand            (e.g. --create --topic events --partitions 3)
#   deploy/kafka.sh produce ARGS     Kafka's console producer        (e.g. --topic events)
#   deploy/kafka.sh groups ARGS      Kafka's consumer-group tool     (e.g. --describe --group tally)
# The tools get --bootstrap-server added. TALLY_KAFKA_DIR (default target/kafka), TALLY_KAFKA_PORT
# (9092) and TALLY_KAFKA_CONTROLLER_PORT (9093) let several brokers (tests) live side by side.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tally_usage_on_help "${1:-}"
repo=$TALLY_REPO
dir=${TALLY_KAFKA_DIR:-$repo/target/kafka}
port=${TALLY_KAFKA_PORT:-9092}
controller_port=${TALLY_KAFKA_CONTROLLER_PORT:-9093}
lib=$repo/target/kafka-lib
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$repo/deploy/kafka/pom.xml")
pidfile=$dir/broker.pid
bootstrap=127.0.0.1:$port

resolve() {
  if [ ! -f "$lib/.resolved-$kafka_version" ]; then
    rm -rf "$lib"
    echo "kafka: resolving the broker's jars with Maven (once, about 60 MB)..." >&2
    tally_mvn -f "$repo/deploy/kafka/pom.xml" dependency:copy-dependencies
    touch "$lib/.resolved-$kafka_version"
  fi
}

# True when the pid file names a live broker of this folder (a stale pid may belong to another process).
running() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 1
  local command
  command=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline") || return 1
  [[ "$command" == *"kafka.Kafka $dir/server.properties"* ]]
}

# A child that has exited but was not yet reaped (a zombie) counts as gone.
alive() {
  kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" | cut -c1)" != Z ]
}

kafka_java() {
  java -Xmx768m -cp "$lib/*" -Dlog4j2.configurationFile="$repo/deploy/kafka/log4j2.properties" "$@"
}

start() {
  if running; then
    echo "kafka: already running (pid $(cat "$pidfile")) on $bootstrap"
    return 0
  fi
  resolve
  mkdir -p "$dir"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  if [ ! -f "$dir/data/meta.properties" ]; then
    # The tool's logs go to stderr, so only the id is captured.
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$dir/server.properties" > "$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; exit 1; }
  fi
  : > "$dir/broker.log"
  nohup java -Xmx768m -cp "$lib/*" -Dlog4j2.configurationFile="$repo/deploy/kafka/log4j2.properties" \
    kafka.Kafka "$dir/server.properties" >> "$dir/broker.log" 2>&1 &
  local pid=$!
  echo "$pid" > "$pidfile"
  for _ in $(seq 1 120); do
    if grep -q "Kafka Server started" "$dir/broker.log"; then
      echo "kafka: started (pid $pid) on $bootstrap"
      return 0
    fi
    # By pid, not by running(): until nohup has exec'd java, the command line is still nohup's.
    if ! alive "$pid"; then
      echo "kafka: the broker exited; its log:" >&2
      tail -20 "$dir/broker.log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    sleep 0.5
  done
  echo "kafka: not ready after 60 s; stopping it. Log: $dir/broker.log" >&2
  stop
  exit 1
}

stop() {
  if ! running; then
    echo "kafka: not running"
    rm -f "$pidfile"
    return 0
  fi
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "kafka: stopped"; return 0; }
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "kafka: killed after 30 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "kafka: running (pid $(cat "$pidfile")) on $bootstrap"; else echo "kafka: not running"; exit 3; fi ;;
  topics) shift; resolve; kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" "$@" ;;
  produce) shift; resolve; kafka_java org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$bootstrap" "$@" ;;
  groups) shift; resolve; kafka_java org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$bootstrap" "$@" ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac
