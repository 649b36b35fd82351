# Shared by deploy/ scripts: build Tally once, run Java with Spark's Java 17 options, find or build a
# Spark home. Source it; it defines TALLY_REPO, TALLY_JAR, TALLY_OPENS and the tally_* functions.

TALLY_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# TALLY_JAR (with TALLY_PREBUILT=1) runs another build, e.g. the upgrade drill's changed one.
TALLY_JAR=${TALLY_JAR:-"$TALLY_REPO/target/tally-0.1.0.jar"}
# TALLY_CLASSPATH_FILE (with TALLY_PREBUILT=1) lets tests run the scripts on the test classpath.
TALLY_CLASSPATH_FILE=${TALLY_CLASSPATH_FILE:-"$TALLY_REPO/target/spark-classpath.txt"}
# Spark's Java 17 module options, as pom.xml states them once for every JVM that runs Spark code.
TALLY_OPENS=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' "$TALLY_REPO/pom.xml")
TALLY_SPARK_VERSION=$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$TALLY_REPO/pom.xml")

# Runs Maven quietly, its output (errors only) on stderr. Maven 3.8 writes colour resets even in
# batch mode with style.color=never, so they are stripped here; every script runs Maven through this.
tally_mvn() {
  mvn -q -B -Dstyle.color=never "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g; /^$/d' >&2
}

# Prints the script's opening comment as its usage and exits 0 when an argument is -h or --help, so
# that asking a script for help starts nothing.
tally_usage_on_help() {
  local arg
  for arg in "$@"; do
    case $arg in
      -h | --help)
        sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"
        exit 0
        ;;
    esac
  done
}

# Builds the shaded jar and the classpath of Spark's jars (Maven's provided scope) for local runs,
# unless they are newer than every source file. TALLY_PREBUILT=1 (set by the build's own smoke
# test, which runs after `package`) takes the jar as it is.
tally_build() {
  if [ -n "${TALLY_PREBUILT:-}" ] && [ -e "$TALLY_JAR" ]; then
    return 0
  fi
  local stale
  stale=$(find "$TALLY_REPO/src/main" "$TALLY_REPO/pom.xml" -newer "$TALLY_CLASSPATH_FILE" -print -quit 2>/dev/null || echo missing)
  if [ ! -f "$TALLY_JAR" ] || [ ! -f "$TALLY_CLASSPATH_FILE" ] || [ -n "$stale" ]; then
    echo "tally: building (mvn package; the first build downloads Spark, about 200 MB)..." >&2
    (cd "$TALLY_REPO" && tally_mvn -DskipTests package dependency:build-classpath \
        -Dmdep.includeScope=compile -Dmdep.outputFile="$TALLY_CLASSPATH_FILE" \
      && touch "$TALLY_CLASSPATH_FILE") || { echo "tally: build failed" >&2; return 1; }
  fi
}

# Checks the jar's relocations (pom.xml, maven-shade-plugin): Kafka's clients and commons-pool2 only
# under dev/tally/shaded/, their services files renamed with them, the JDBC drivers where they were.
tally_check_jar() {
  local listing missing= name
  listing=$(jar tf "$TALLY_JAR") || return 1 # the JDK's own tool: no unzip needed
  for name in dev/tally/shaded/org/apache/kafka/clients/consumer/KafkaConsumer.class \
      dev/tally/shaded/org/apache/commons/pool2/impl/GenericObjectPool.class \
      META-INF/services/dev.tally.shaded.org.apache.kafka.common.config.provider.ConfigProvider \
      org/apache/spark/streaming/kafka010/KafkaUtils.class org/postgresql/Driver.class org/h2/Driver.class; do
    grep -qxF "$name" <<<"$listing" || missing+=" $name"
  done
  [ -z "$missing" ] || { echo "tally: $TALLY_JAR lacks$missing" >&2; return 1; }
  if grep -qE '^(org/apache/kafka|org/apache/commons/pool2)/' <<<"$listing"; then
    echo "tally: $TALLY_JAR holds unrelocated Kafka or commons-pool2 classes" >&2
    return 1
  fi
}

# Runs a class with Tally's jar and Spark's jars, as spark-submit would, logging per deploy/conf.
tally_java() {
  # shellcheck disable=SC2086
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx"${TALLY_HEAP:-2g}" $TALLY_OPENS \
    -Dlog4j2.configurationFile="$TALLY_REPO/deploy/conf/log4j2.properties" \
    -cp "$TALLY_JAR:$(cat "$TALLY_CLASSPATH_FILE")" "$@"
}

# Replaces this shell with Tally's JVM, so that signals sent to the script's pid (systemd, a
# supervisor, kill) reach the JVM and the script's exit code is the JVM's.
tally_exec_java() {
  export SPARK_LOCAL_IP=127.0.0.1
  # shellcheck disable=SC2086
  exec java -Xmx"${TALLY_HEAP:-2g}" $TALLY_OPENS \
    -Dlog4j2.configurationFile="$TALLY_REPO/deploy/conf/log4j2.properties" \
    -cp "$TALLY_JAR:$(cat "$TALLY_CLASSPATH_FILE")" "$@"
}

# Starts Tally's JVM in the background as a process of its own (so that signals and wait reach the
# JVM itself, not a wrapping shell); its pid is left in TALLY_PID.
tally_java_background() {
  # shellcheck disable=SC2086
  ( SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx"${TALLY_HEAP:-2g}" $TALLY_OPENS \
      -Dlog4j2.configurationFile="$TALLY_REPO/deploy/conf/log4j2.properties" \
      -cp "$TALLY_JAR:$(cat "$TALLY_CLASSPATH_FILE")" "$@" ) &
  TALLY_PID=$!
}

# Exports SPARK_HOME and what Spark's launch code needs in the environment of a worker. A SPARK_HOME
# set by the user must be a Spark 3.5 distribution for Scala 2.12 (Tally's jar is built for it);
# otherwise one is built in target/spark-home from Maven Central: Spark's own jars (deploy/spark/pom.xml)
# and a conf/ with Tally's log settings.
tally_spark_home() {
  if [ -n "${SPARK_HOME:-}" ]; then
    if ! compgen -G "$SPARK_HOME/jars/spark-core_2.12-3.5.*.jar" >/dev/null; then
      echo "tally: SPARK_HOME=$SPARK_HOME is not a Spark 3.5 distribution for Scala 2.12" \
        "(no jars/spark-core_2.12-3.5.*.jar); unset it to use a Spark home built from Maven" >&2
      return 2
    fi
  else
    SPARK_HOME=$TALLY_REPO/target/spark-home
    if [ ! -f "$SPARK_HOME/jars/.resolved-$TALLY_SPARK_VERSION" ]; then
      rm -rf "$SPARK_HOME/jars"
      echo "tally: building a Spark $TALLY_SPARK_VERSION home in $SPARK_HOME from Maven Central (once, about 175 MB)..." >&2
      tally_mvn -f "$TALLY_REPO/deploy/spark/pom.xml" -Dspark.version="$TALLY_SPARK_VERSION" \
        dependency:copy-dependencies || { echo "tally: resolving Spark's jars failed" >&2; return 1; }
      touch "$SPARK_HOME/jars/.resolved-$TALLY_SPARK_VERSION"
    fi
    mkdir -p "$SPARK_HOME/conf"
    cp "$TALLY_REPO/deploy/conf/log4j2.properties" "$SPARK_HOME/conf/log4j2.properties"
  fi
  # Without SPARK_SCALA_VERSION a worker looks for a source build's directories and fails to launch.
  export SPARK_HOME SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
}

# Runs a Spark class (master, worker, SparkSubmit, Client) on the Spark home: heap $1, class and
# arguments after it.
tally_spark_java() {
  local heap=$1
  shift
  # shellcheck disable=SC2086
  java -Xmx"$heap" $TALLY_OPENS -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" "$@"
}

# Pids of the processes a test or drill started in folder $1: their command line names the folder
# (scripts aside), or they work in it (executors). Zombies and this shell are left out.
tally_pids_in() {
  local dir=$1 proc pid command cwd
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [ "$pid" = "$$" ] && continue
    command=$(tr '\0' ' ' 2>/dev/null < "$proc/cmdline") || continue
    cwd=$(readlink "$proc/cwd" 2>/dev/null) || cwd=
    if { [[ "$command" == *"$dir"* ]] && [[ "$command" != *.sh* ]]; } || [[ "$cwd" == "$dir"/* ]]; then
      [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] || echo "$pid"
    fi
  done
  return 0
}

# True when option $1 is among the remaining arguments.
tally_has_option() {
  local wanted=$1 arg
  shift
  for arg in "$@"; do
    [ "$arg" = "$wanted" ] || [ "${arg%%=*}" = "$wanted" ] && return 0
  done
  return 1
}

# The value of option $1 among the remaining arguments (--name VALUE or --name=VALUE; the last one
# wins, as in Tally), or nothing.
tally_option_value() {
  local wanted=$1 value= taking= arg
  shift
  for arg in "$@"; do
    if [ -n "$taking" ]; then
      value=$arg
      taking=
    elif [ "$arg" = "$wanted" ]; then
      taking=1
    elif [ "${arg%%=*}" = "$wanted" ]; then
      value=${arg#*=}
    fi
  done
  printf '%s\n' "$value"
}
