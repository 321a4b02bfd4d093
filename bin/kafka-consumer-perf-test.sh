#!/usr/bin/env bash
# Measures consumer throughput with Apache Kafka's flags and output: kafka-consumer-perf-test.sh --help.
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.ConsumerPerformance "$@"
