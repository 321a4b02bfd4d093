#!/usr/bin/env bash
# Reads records from a topic and prints them on standard output: kafka-console-consumer.sh --help for the options.
#   kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic demo --from-beginning
if [ -z "$KAFKA_HEAP_OPTS" ]; then
  export KAFKA_HEAP_OPTS="-Xmx512M"
fi
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.ConsoleConsumer "$@"
