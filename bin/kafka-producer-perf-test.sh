#!/usr/bin/env bash
# Measures producer throughput with Apache Kafka's flags and output: kafka-producer-perf-test.sh --help.
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.ProducerPerformance "$@"
