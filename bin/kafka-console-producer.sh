#!/usr/bin/env bash
# Reads lines from standard input and publishes each as a record: kafka-console-producer.sh --help for the options.
#   kafka-console-producer.sh --bootstrap-server localhost:9092 --topic demo
if [ -z "$KAFKA_HEAP_OPTS" ]; then
  export KAFKA_HEAP_OPTS="-Xmx512M"
fi
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.ConsoleProducer "$@"
