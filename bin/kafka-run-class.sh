#!/usr/bin/env bash
# Runs a Java class of Klassic (or of ZooKeeper) with the classpath of the module that provides it.
#
#   kafka-run-class.sh [-daemon] [-name servicename] [-loggc] classname [opts]
#
# Classes under io.klassic.tools.* run from tools/target (the tools jar and its copied dependencies,
# kafka-clients included); every other class (the broker io.klassic.broker.Kafka, ZooKeeper's
# QuorumPeerMain, ...) runs from broker-core/target, whose classpath never contains kafka-clients.
#
# Environment, as in Apache Kafka:
#   JAVA_HOME                   the JDK to use (default: java on the PATH)
#   KAFKA_HEAP_OPTS             heap options (default -Xmx256M; the start scripts set their own)
#   KAFKA_JVM_PERFORMANCE_OPTS  GC and JIT options (default G1 with short pauses)
#   KAFKA_OPTS                  any further JVM options
#   KAFKA_LOG4J_OPTS            logging options (default: config/tools-log4j.properties)
#   KAFKA_JMX_OPTS, JMX_PORT    JMX remote options and port
#   LOG_DIR                     where logs, GC logs and daemon output go (default <root>/logs)
#   CLASSPATH                   entries put before the module's jars
#   KLASSIC_AUTO_BUILD          0 = do not build missing jars, fail instead (default: build them)

if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] [-name servicename] [-loggc] classname [opts]"
  exit 1
fi

# The project root is the parent of this script's directory.
base_dir=$(cd "$(dirname "$0")/.." && pwd -P)

DAEMON_MODE=false
DAEMON_NAME=
GC_LOG_ENABLED=false
while [ $# -gt 0 ]; do
  case "$1" in
    -name)
      if [ $# -lt 2 ]; then
        echo "$0: -name needs a service name" >&2
        exit 1
      fi
      DAEMON_NAME=$2
      shift 2
      ;;
    -loggc)
      GC_LOG_ENABLED=true
      shift
      ;;
    -daemon)
      DAEMON_MODE=true
      shift
      ;;
    *)
      break
      ;;
  esac
done

if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] [-name servicename] [-loggc] classname [opts]"
  exit 1
fi
MAIN_CLASS=$1

# ---------------------------------------------------------------- classpath
case "$MAIN_CLASS" in
  io.klassic.tools.*) MODULE=tools ;;
  *) MODULE=broker-core ;;
esac
TARGET_DIR="$base_dir/$MODULE/target"

find_module_jar() {
  local f
  for f in "$TARGET_DIR/$MODULE"-*.jar; do
    case "$f" in
      *-sources.jar|*-javadoc.jar|*-tests.jar|*-test-sources.jar) continue ;;
    esac
    if [ -f "$f" ]; then
      echo "$f"
      return 0
    fi
  done
  return 1
}

jars_built() {
  find_module_jar > /dev/null && [ -d "$TARGET_DIR/lib" ]
}

if ! jars_built; then
  echo "Jars are not built yet; run: mvn -q -DskipTests package  (in $base_dir)" >&2
  if [ "${KLASSIC_AUTO_BUILD:-1}" = "0" ]; then
    exit 1
  fi
  if ! command -v mvn > /dev/null 2>&1; then
    echo "Cannot build them: mvn is not on the PATH." >&2
    exit 1
  fi
  echo "Building them now (KLASSIC_AUTO_BUILD=0 turns this off)..." >&2
  build() {
    # another script may be building at the same time: the second one finds the jars afterwards
    jars_built || (cd "$base_dir" && mvn -q -DskipTests package) >&2
  }
  if command -v flock > /dev/null 2>&1 && mkdir -p "$base_dir/target" 2> /dev/null; then
    (
      flock 9
      build
    ) 9> "$base_dir/target/.klassic-build.lock"
  else
    build
  fi
  if ! jars_built; then
    echo "The build did not produce $TARGET_DIR/$MODULE-*.jar and $TARGET_DIR/lib; see the output above." >&2
    exit 1
  fi
fi

MODULE_CP=$(find_module_jar)
for file in "$TARGET_DIR"/lib/*.jar; do
  [ -f "$file" ] || continue
  if [ "$MODULE" != tools ]; then
    # the broker speaks the protocol with its own codec: never load the Kafka client library
    case "$(basename "$file")" in
      kafka-clients-*.jar) continue ;;
    esac
  fi
  MODULE_CP="$MODULE_CP:$file"
done
if [ -n "$CLASSPATH" ]; then
  CLASSPATH="$CLASSPATH:$MODULE_CP"
else
  CLASSPATH="$MODULE_CP"
fi

# ---------------------------------------------------------------- JVM options
if [ -z "$LOG_DIR" ]; then
  LOG_DIR="$base_dir/logs"
fi
if [ ! -d "$LOG_DIR" ]; then
  mkdir -p "$LOG_DIR" || { echo "$0: cannot create LOG_DIR $LOG_DIR" >&2; exit 1; }
fi

if [ -z "$KAFKA_JMX_OPTS" ]; then
  KAFKA_JMX_OPTS="-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
fi
if [ -n "$JMX_PORT" ]; then
  KAFKA_JMX_OPTS="$KAFKA_JMX_OPTS -Dcom.sun.management.jmxremote.port=$JMX_PORT"
  if ! echo "$KAFKA_JMX_OPTS" | grep -qF -- "-Dcom.sun.management.jmxremote.rmi.port="; then
    KAFKA_JMX_OPTS="$KAFKA_JMX_OPTS -Dcom.sun.management.jmxremote.rmi.port=$JMX_PORT"
  fi
fi

if [ -z "$KAFKA_LOG4J_OPTS" ]; then
  KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:$base_dir/config/tools-log4j.properties"
fi
KAFKA_LOG4J_OPTS="-Dkafka.logs.dir=$LOG_DIR $KAFKA_LOG4J_OPTS"

if [ -z "$KAFKA_HEAP_OPTS" ]; then
  KAFKA_HEAP_OPTS="-Xmx256M"
fi

if [ -z "$KAFKA_JVM_PERFORMANCE_OPTS" ]; then
  KAFKA_JVM_PERFORMANCE_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"
fi

if [ -z "$JAVA_HOME" ]; then
  JAVA="java"
else
  JAVA="$JAVA_HOME/bin/java"
fi
if ! command -v "$JAVA" > /dev/null 2>&1; then
  echo "$0: cannot find java ($JAVA); set JAVA_HOME or put java on the PATH." >&2
  exit 1
fi

if [ -z "$DAEMON_NAME" ]; then
  DAEMON_NAME=kafka
fi
CONSOLE_OUTPUT_FILE="$LOG_DIR/$DAEMON_NAME.out"

KAFKA_GC_LOG_OPTS=
if [ "$GC_LOG_ENABLED" = true ]; then
  GC_LOG_FILE_NAME="$DAEMON_NAME-gc.log"
  KAFKA_GC_LOG_OPTS="-Xlog:gc*:file=$LOG_DIR/$GC_LOG_FILE_NAME:time,tags:filecount=10,filesize=100M"
fi

# ---------------------------------------------------------------- launch
# Word splitting of the *_OPTS variables is intended: each holds several JVM options.
if [ "$DAEMON_MODE" = true ]; then
  nohup "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_GC_LOG_OPTS $KAFKA_JMX_OPTS $KAFKA_LOG4J_OPTS \
    -cp "$CLASSPATH" $KAFKA_OPTS "$@" > "$CONSOLE_OUTPUT_FILE" 2>&1 < /dev/null &
else
  exec "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_GC_LOG_OPTS $KAFKA_JMX_OPTS $KAFKA_LOG4J_OPTS \
    -cp "$CLASSPATH" $KAFKA_OPTS "$@"
fi
