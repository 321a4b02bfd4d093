#!/usr/bin/env bash
# Brings up ZooKeeper and one broker under a temporary folder, creates a topic, sends five records with the
# console producer, reads them back with the console consumer, then stops everything and removes the folder.
#   bin/quickstart-demo.sh            (ZooKeeper on a free port near 2181, the broker near 9092)
set -euo pipefail
base_dir=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$base_dir"
if ! ls broker-core/target/broker-core-*.jar tools/target/tools-*.jar >/dev/null 2>&1; then
  echo "Building the jars: mvn -q -DskipTests package"
  mvn -q -DskipTests package
fi
free_port() { # the first port from $1 on that nothing listens on
  local p=$1
  while (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; do p=$((p + 1)); done
  echo $p
}
work=$(mktemp -d /tmp/klassic-demo.XXXXXX)
export LOG_DIR="$work/logs"
zk_port=$(free_port 2181)
broker_port=$(free_port 9092)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
wait_port() {
  for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.2; done
  echo "Nothing listens on port $1; see $LOG_DIR" >&2; return 1
}
sed -e "s#^dataDir=.*#dataDir=$work/zookeeper#" -e "s#^clientPort=.*#clientPort=$zk_port#" config/zookeeper.properties >"$work/zookeeper.properties"
bin/zookeeper-server-start.sh "$work/zookeeper.properties" >"$work/zookeeper.out" 2>&1 &
pids+=($!)
wait_port "$zk_port"
echo "ZooKeeper is up on port $zk_port"
bin/kafka-server-start.sh config/server.properties --override "listeners=PLAINTEXT://127.0.0.1:$broker_port" \
  --override "log.dirs=$work/kafka-logs" --override "zookeeper.connect=127.0.0.1:$zk_port" >"$work/broker.out" 2>&1 &
pids+=($!)
wait_port "$broker_port"
echo "Broker 0 is up on port $broker_port"
bootstrap=127.0.0.1:$broker_port
bin/kafka-topics.sh --create --topic quickstart-events --bootstrap-server "$bootstrap"
bin/kafka-topics.sh --describe --topic quickstart-events --bootstrap-server "$bootstrap"
printf 'first event\nsecond event\nthird event\nfourth event\nfifth event\n' |
  bin/kafka-console-producer.sh --topic quickstart-events --bootstrap-server "$bootstrap"
echo "Sent 5 records; reading them back:"
bin/kafka-console-consumer.sh --topic quickstart-events --from-beginning --bootstrap-server "$bootstrap" --max-messages 5 --timeout-ms 30000
echo "Done: stopping the broker and ZooKeeper."
