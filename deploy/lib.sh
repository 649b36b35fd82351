# Shared by deploy/ scripts: build Tally once and run Java with Spark's Java 17 options.
# Source it; it defines TALLY_REPO, tally_build and tally_java.

TALLY_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TALLY_JAR="$TALLY_REPO/target/tally-0.1.0.jar"
TALLY_CLASSPATH_FILE="$TALLY_REPO/target/spark-classpath.txt"
TALLY_OPENS_FILE="$TALLY_REPO/target/java17-opens.txt"

# Builds the shaded jar, the classpath of Spark's jars (Maven's provided scope) and the JVM options,
# unless they are newer than every source file.
tally_build() {
  local stale
  stale=$(find "$TALLY_REPO/src/main" "$TALLY_REPO/pom.xml" -newer "$TALLY_OPENS_FILE" -print -quit 2>/dev/null || echo missing)
  if [ ! -f "$TALLY_JAR" ] || [ ! -f "$TALLY_OPENS_FILE" ] || [ -n "$stale" ]; then
    echo "tally: building (mvn package; the first build downloads Spark, about 200 MB)..." >&2
    (cd "$TALLY_REPO" && mvn -q -B -Dstyle.color=never -DskipTests package dependency:build-classpath \
        -Dmdep.includeScope=compile -Dmdep.outputFile="$TALLY_CLASSPATH_FILE" \
      >&2 && mvn -q -B org.apache.maven.plugins:maven-help-plugin:3.5.1:evaluate -Dexpression=spark.java17.opens -DforceStdout -Dstyle.color=never | sed "s/\x1b\[[0-9;]*m//g" > "$TALLY_OPENS_FILE.tmp" \
      && mv "$TALLY_OPENS_FILE.tmp" "$TALLY_OPENS_FILE") || { echo "tally: build failed" >&2; return 1; }
  fi
}

# Runs a class with Tally's jar and Spark's jars, as spark-submit would, logging per deploy/conf.
tally_java() {
  # shellcheck disable=SC2046
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx2g $(cat "$TALLY_OPENS_FILE") \
    -Dlog4j2.configurationFile="$TALLY_REPO/deploy/conf/log4j2.properties" \
    -cp "$TALLY_JAR:$(cat "$TALLY_CLASSPATH_FILE")" "$@"
}

# Starts Tally's JVM in the background as a process of its own (so that signals and wait reach the
# JVM itself, not a wrapping shell); its pid is left in TALLY_PID.
tally_java_background() {
  # shellcheck disable=SC2046
  ( SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx2g $(cat "$TALLY_OPENS_FILE") \
      -Dlog4j2.configurationFile="$TALLY_REPO/deploy/conf/log4j2.properties" \
      -cp "$TALLY_JAR:$(cat "$TALLY_CLASSPATH_FILE")" "$@" ) &
  TALLY_PID=$!
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
