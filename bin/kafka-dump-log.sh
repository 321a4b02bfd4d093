#!/usr/bin/env bash
# Dumps segment files (.log, .index, .timeindex) of a log directory: kafka-dump-log.sh --help for the options.
#   kafka-dump-log.sh --files /tmp/kafka-logs/demo-0/00000000000000000000.log --print-data-log
#   kafka-dump-log.sh --files /tmp/kafka-logs/demo-0/00000000000000000000.index --verify-index-only
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.DumpLogSegments "$@"
