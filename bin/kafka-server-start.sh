#!/usr/bin/env bash
# Starts a Klassic broker: kafka-server-start.sh [-daemon] server.properties [--override property=value]*
# With -daemon the broker runs in the background, its console output in $LOG_DIR/kafkaServer.out.

if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*"
  exit 1
fi
base_dir=$(cd "$(dirname "$0")" && pwd -P)

if [ -z "$KAFKA_LOG4J_OPTS" ]; then
  export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:$base_dir/../config/log4j.properties"
fi
if [ -z "$KAFKA_HEAP_OPTS" ]; then
  export KAFKA_HEAP_OPTS="-Xmx1G -Xms1G"
fi

EXTRA_ARGS=${EXTRA_ARGS-'-name kafkaServer -loggc'}
if [ "$1" = "-daemon" ]; then
  EXTRA_ARGS="-daemon $EXTRA_ARGS"
  shift
  if [ $# -lt 1 ]; then
    echo "USAGE: $0 [-daemon] server.properties [--override property=value]*"
    exit 1
  fi
fi

# EXTRA_ARGS holds several options: word splitting is intended
exec "$base_dir/kafka-run-class.sh" $EXTRA_ARGS io.klassic.broker.Kafka "$@"
