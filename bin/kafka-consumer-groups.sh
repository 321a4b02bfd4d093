#!/usr/bin/env bash
# Lists, describes and deletes consumer groups and resets their offsets: kafka-consumer-groups.sh --help.
#   kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group my-group
#   kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest --execute
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.ConsumerGroupCommand "$@"
