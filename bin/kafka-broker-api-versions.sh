#!/usr/bin/env bash
# Prints the API versions each broker supports: kafka-broker-api-versions.sh --bootstrap-server localhost:9092
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.BrokerApiVersionsCommand "$@"
