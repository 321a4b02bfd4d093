#!/usr/bin/env bash
# Creates, lists, describes, alters and deletes topics: kafka-topics.sh --help for the options.
#   kafka-topics.sh --bootstrap-server localhost:9092 --create --topic demo --partitions 2 --replication-factor 1
#   kafka-topics.sh --zookeeper localhost:2181 --list
exec "$(dirname "$0")/kafka-run-class.sh" io.klassic.tools.TopicCommand "$@"
