#!/usr/bin/env bash
# Describes and alters topic and broker configs: kafka-configs.sh --help for the options.
#   kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name demo --describe
#   kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name demo --alter --add-config retention.ms=60000
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.ConfigCommand "$@"
