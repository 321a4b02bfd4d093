#!/usr/bin/env bash
# A local Klassic cluster for trying things: ZooKeeper and N brokers (3 by default) on this machine, all their
# data, configs, logs and pid files under one folder.
#
#   kafka-local-cluster.sh start  [--brokers N] [--zookeeper-port P] [--base-port P] [--dir D]
#   kafka-local-cluster.sh status [--dir D]
#   kafka-local-cluster.sh stop   [--dir D]
#
# start   writes the configs, starts ZooKeeper (bin/zookeeper-server-start.sh -daemon) and the brokers
#         (bin/kafka-server-start.sh -daemon), waits until ZooKeeper answers and every broker has registered in
#         ZooKeeper and accepts connections, then prints the pids, ports and where the logs are. Starting again
#         after stop keeps the topics and their data (rm -rf the folder for a fresh cluster). When part of the
#         cluster runs (a broker was killed, say), start brings up only what does not run; when all of it runs,
#         start fails.
# status  says which of the cluster's processes run; exit code 0 if any runs, 1 if none.
# stop    stops the brokers one after the other, then ZooKeeper, each with SIGTERM (a clean, controlled shutdown)
#         and, if it has not exited after $STOP_TIMEOUT seconds, SIGKILL. Only this cluster's processes are
#         touched (found by pid file and by their config file), never other brokers on the machine. Exit code 1
#         when nothing was running.
#
# Options (before or after the command):
#   --brokers N          number of brokers, ids 0..N-1 (default 3)
#   --zookeeper-port P   ZooKeeper's client port (default 2181)
#   --base-port P        broker i listens on P+i (default 9092: 9092, 9093, 9094)
#   --dir D              the folder (default $KLASSIC_LOCAL_CLUSTER_DIR, else /tmp/klassic-local-cluster)
# status and stop read the brokers and ports the cluster was started with from D/cluster.conf.
#
# Layout of D: cluster.conf; zookeeper/{zookeeper.properties,data/}; broker-<id>/{server.properties,kafka-logs/};
# logs/zookeeper/ and logs/broker-<id>/ (each the LOG_DIR of its process: server.log, *.out, GC logs);
# pids/<name>.pid.
#
# Broker settings, for a playground that behaves like a small production cluster: replicated by default, so that
# stopping one broker (kill $(cat D/pids/broker-1.pid)) shows leader election and ISR changes without losing data.
#   listeners=PLAINTEXT://127.0.0.1:<port>        local only, nothing is exposed to the network
#   default.replication.factor=min(3, N)          topics created without --replication-factor get 3 copies, as
#                                                 most production clusters use
#   offsets.topic.replication.factor=min(3, N)    __consumer_offsets too (Kafka's default is 3; with fewer brokers
#                                                 it could not be created)
#   transaction.state.log.replication.factor=min(3, N), transaction.state.log.min.isr=min(2, N)   the same reason
#   min.insync.replicas left at 1 (Kafka's default): acks=all still succeeds with one broker left
#   num.partitions=1, group.initial.rebalance.delay.ms=0   as config/server.properties (the quickstart)
#
# Environment: KAFKA_HEAP_OPTS (default here -Xmx512M per broker, -Xmx256M for ZooKeeper, lighter than the start
# scripts' 1G), START_TIMEOUT (seconds to wait for the cluster, default 120), STOP_TIMEOUT (seconds per process,
# default 60), and whatever bin/kafka-run-class.sh reads (JAVA_HOME, KAFKA_OPTS, ...).

base_dir=$(cd "$(dirname "$0")/.." && pwd -P)
START_TIMEOUT=${START_TIMEOUT:-120}
STOP_TIMEOUT=${STOP_TIMEOUT:-60}
BROKER_MAIN=io.klassic.broker.Kafka
ZOOKEEPER_MAIN=org.apache.zookeeper.server.quorum.QuorumPeerMain

usage() {
  echo "USAGE: $0 start|stop|status [--brokers N] [--zookeeper-port P] [--base-port P] [--dir D]"
  echo "  start   start ZooKeeper and the brokers (default: 3 brokers on ports 9092.., ZooKeeper on 2181)"
  echo "  status  tell which of the cluster's processes run (exit code 1 if none)"
  echo "  stop    stop the brokers, then ZooKeeper"
  echo "  --dir D defaults to \$KLASSIC_LOCAL_CLUSTER_DIR, else /tmp/klassic-local-cluster"
}

die() {
  echo "$0: $*" >&2
  exit 1
}

# ---------------------------------------------------------------- command line
COMMAND=
BROKERS=
ZK_PORT=
BASE_PORT=
DIR=${KLASSIC_LOCAL_CLUSTER_DIR:-/tmp/klassic-local-cluster}
while [ $# -gt 0 ]; do
  case "$1" in
    start|stop|status)
      [ -z "$COMMAND" ] || { usage >&2; die "give one command, not '$COMMAND' and '$1'"; }
      COMMAND=$1
      shift
      ;;
    --brokers|--zookeeper-port|--base-port|--dir)
      [ $# -ge 2 ] || { usage >&2; die "$1 needs a value"; }
      case "$1" in
        --brokers) BROKERS=$2 ;;
        --zookeeper-port) ZK_PORT=$2 ;;
        --base-port) BASE_PORT=$2 ;;
        --dir) DIR=$2 ;;
      esac
      shift 2
      ;;
    -h|--help|help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      die "unknown command or option '$1'"
      ;;
  esac
done
[ -n "$COMMAND" ] || { usage >&2; exit 1; }
[ -n "$DIR" ] || die "--dir must not be empty"

is_number() {
  case "$1" in
    ''|*[!0-9]*) return 1 ;;
    *) return 0 ;;
  esac
}
for value in "$BROKERS" "$ZK_PORT" "$BASE_PORT"; do
  [ -z "$value" ] || is_number "$value" || die "'$value' is not a number"
done
if [ "$COMMAND" = start ]; then
  mkdir -p "$DIR" 2> /dev/null || die "cannot create $DIR"
fi
if [ -d "$DIR" ]; then
  DIR=$(cd "$DIR" && pwd -P)
fi
CONF="$DIR/cluster.conf"

# ---------------------------------------------------------------- processes
# pid and full command line of every process, without truncation
list_processes() {
  if command -v ps > /dev/null 2>&1; then
    ps axww -o pid= -o args=
  else
    local d
    for d in /proc/[0-9]*; do
      [ -r "$d/cmdline" ] || continue
      printf '%s %s\n' "${d#/proc/}" "$(tr '\0' ' ' < "$d/cmdline" 2> /dev/null)"
    done
  fi
}

# The pid of the java process running main class $1 with config file $2 (as bin/kafka-run-class.sh starts it:
# "java ... MAIN CONFIG ..."), if any.
find_pid() {
  list_processes | awk -v needle=" $1 $2" '
    { args = substr($0, index($0, $2)) }
    $2 ~ /(^|\/)java$/ && index(args " ", needle " ") > 0 { print $1; exit }'
}

# Whether pid $1 is alive and still the java process of main class $2 with config $3.
is_running() {
  [ -n "$1" ] && kill -0 "$1" 2> /dev/null || return 1
  [ "$(find_pid "$2" "$3")" = "$1" ]
}

# The pid of component $1 (zookeeper, broker-<id>) if it runs: from its pid file, else found by its config.
component_pid() {
  local main config pid
  main=$(main_class "$1")
  config=$(config_file "$1")
  pid=$(cat "$DIR/pids/$1.pid" 2> /dev/null)
  if is_running "$pid" "$main" "$config"; then
    echo "$pid"
  else
    find_pid "$main" "$config"
  fi
}

main_class() {
  if [ "$1" = zookeeper ]; then echo "$ZOOKEEPER_MAIN"; else echo "$BROKER_MAIN"; fi
}

config_file() {
  if [ "$1" = zookeeper ]; then echo "$DIR/zookeeper/zookeeper.properties"; else echo "$DIR/$1/server.properties"; fi
}

port_open() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# What ZooKeeper answers to a four-letter word ($2) on port $1 (it closes the connection after answering).
zk_command() (
  exec 3<> "/dev/tcp/127.0.0.1/$1" || exit 1
  printf '%s' "$2" >&3
  if command -v timeout > /dev/null 2>&1; then
    timeout 10 cat <&3
  else
    cat <&3
  fi
)

# ---------------------------------------------------------------- cluster.conf
load_conf() {
  [ -f "$CONF" ] || { echo "No local cluster in $DIR (no cluster.conf)."; exit 1; }
  local key value
  while IFS='=' read -r key value; do
    case "$key" in
      brokers) BROKERS=$value ;;
      zookeeper.port) ZK_PORT=$value ;;
      base.port) BASE_PORT=$value ;;
    esac
  done < "$CONF"
  is_number "$BROKERS" && is_number "$ZK_PORT" && is_number "$BASE_PORT" || die "$CONF is damaged"
}

components() {
  local id
  echo zookeeper
  for ((id = 0; id < BROKERS; id++)); do
    echo "broker-$id"
  done
}

port_of() {
  if [ "$1" = zookeeper ]; then echo "$ZK_PORT"; else echo $((BASE_PORT + ${1#broker-})); fi
}

# ---------------------------------------------------------------- status
cluster_status() {
  load_conf
  local c pid running=0
  echo "Local cluster in $DIR:"
  for c in $(components); do
    pid=$(component_pid "$c")
    if [ -n "$pid" ]; then
      running=$((running + 1))
      printf '  %-10s running      pid %-7s port %-5s logs %s\n' "$c" "$pid" "$(port_of "$c")" "$DIR/logs/$c"
    else
      printf '  %-10s not running               port %-5s logs %s\n' "$c" "$(port_of "$c")" "$DIR/logs/$c"
    fi
  done
  [ "$running" -gt 0 ]
}

# ---------------------------------------------------------------- stop
# Stops component $1: SIGTERM, then SIGKILL after STOP_TIMEOUT seconds. Returns 1 if it was not running.
stop_component() {
  local pid waited=0
  pid=$(component_pid "$1")
  [ -n "$pid" ] || return 1
  echo "Stopping $1 (pid $pid)..."
  kill -TERM "$pid" 2> /dev/null
  while kill -0 "$pid" 2> /dev/null; do
    if [ "$waited" -ge $((STOP_TIMEOUT * 10)) ]; then
      echo "$1 (pid $pid) did not stop within $STOP_TIMEOUT s: killing it." >&2
      kill -KILL "$pid" 2> /dev/null
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$DIR/pids/$1.pid"
  return 0
}

cluster_stop() {
  load_conf
  local c stopped=0
  for c in $(components | grep -v '^zookeeper$' | sort -r) zookeeper; do
    stop_component "$c" && stopped=$((stopped + 1))
  done
  if [ "$stopped" -eq 0 ]; then
    echo "No local cluster is running in $DIR."
    return 1
  fi
  echo "Stopped the local cluster in $DIR (data kept; rm -rf $DIR for a fresh one)."
}

# ---------------------------------------------------------------- start
# Whether $1 is one of the remaining arguments.
is_listed() {
  local wanted=$1 c
  shift
  for c in "$@"; do
    [ "$c" = "$wanted" ] && return 0
  done
  return 1
}

write_configs() {
  local id rf=$((BROKERS < 3 ? BROKERS : 3)) min_isr=$((BROKERS < 2 ? BROKERS : 2))
  mkdir -p "$DIR/zookeeper/data" "$DIR/pids" "$DIR/logs/zookeeper" || die "cannot write in $DIR"
  printf 'brokers=%s\nzookeeper.port=%s\nbase.port=%s\n' "$BROKERS" "$ZK_PORT" "$BASE_PORT" > "$CONF"
  cat > "$DIR/zookeeper/zookeeper.properties" << EOF
# written by kafka-local-cluster.sh
dataDir=$DIR/zookeeper/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok,dump,srvr
EOF
  for ((id = 0; id < BROKERS; id++)); do
    mkdir -p "$DIR/broker-$id/kafka-logs" "$DIR/logs/broker-$id" || die "cannot write in $DIR"
    cat > "$DIR/broker-$id/server.properties" << EOF
# written by kafka-local-cluster.sh
broker.id=$id
listeners=PLAINTEXT://127.0.0.1:$((BASE_PORT + id))
log.dirs=$DIR/broker-$id/kafka-logs
zookeeper.connect=127.0.0.1:$ZK_PORT
zookeeper.connection.timeout.ms=18000
num.partitions=1
default.replication.factor=$rf
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
EOF
  done
}

# Starts component $1 with start script $2 and heap $3, records its pid.
launch() {
  local name=$1 script=$2 heap=$3 pid waited=0
  LOG_DIR="$DIR/logs/$name" KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:-$heap}" KLASSIC_AUTO_BUILD=0 \
    "$base_dir/bin/$script" -daemon "$(config_file "$name")" > "$DIR/logs/$name/start.out" 2>&1 \
    || { cat "$DIR/logs/$name/start.out" >&2; return 1; }
  # the script returns once the JVM is forked: wait for it to show up
  until pid=$(find_pid "$(main_class "$name")" "$(config_file "$name")") && [ -n "$pid" ]; do
    if [ "$waited" -ge 100 ]; then
      echo "$name did not start; see $DIR/logs/$name" >&2
      cat "$DIR/logs/$name/start.out" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "$pid" > "$DIR/pids/$name.pid"
}

# Fails with the end of component $1's log when its process has exited.
check_alive() {
  local pid
  pid=$(cat "$DIR/pids/$1.pid" 2> /dev/null)
  if ! kill -0 "$pid" 2> /dev/null; then
    echo "$1 (pid $pid) exited; the end of its output:" >&2
    tail -n 30 "$DIR/logs/$1"/*.out >&2 2> /dev/null
    return 1
  fi
}

# Waits until every broker has registered in ZooKeeper (/brokers/ids/<id>) and accepts connections.
wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT)) c ready ephemerals id
  until [ "$(zk_command "$ZK_PORT" ruok 2> /dev/null)" = imok ]; do
    check_alive zookeeper || return 1
    [ "$SECONDS" -lt "$deadline" ] || { echo "ZooKeeper did not answer on port $ZK_PORT within $START_TIMEOUT s" >&2; return 1; }
    sleep 0.2
  done
  while true; do
    ready=0
    ephemerals=$(zk_command "$ZK_PORT" dump 2> /dev/null)
    for ((id = 0; id < BROKERS; id++)); do
      check_alive "broker-$id" || return 1
      if printf '%s\n' "$ephemerals" | grep -qx "[[:space:]]*/brokers/ids/$id" && port_open $((BASE_PORT + id)); then
        ready=$((ready + 1))
      fi
    done
    [ "$ready" -eq "$BROKERS" ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || { echo "Only $ready of $BROKERS brokers registered within $START_TIMEOUT s; see $DIR/logs" >&2; return 1; }
    sleep 0.5
  done
}

cluster_start() {
  local c pid port bootstrap= id running=()
  if [ -f "$CONF" ]; then
    # a cluster started here before: its settings are the defaults, and what of it still runs is left alone
    local saved saved_brokers saved_zk saved_base
    saved=$(BROKERS= ZK_PORT= BASE_PORT=; load_conf > /dev/null; echo "$BROKERS $ZK_PORT $BASE_PORT")
    read -r saved_brokers saved_zk saved_base <<< "$saved"
    BROKERS=${BROKERS:-$saved_brokers}
    ZK_PORT=${ZK_PORT:-$saved_zk}
    BASE_PORT=${BASE_PORT:-$saved_base}
    for c in $(components); do
      pid=$(component_pid "$c")
      if [ -n "$pid" ]; then
        running+=("$c")
        echo "$pid" > "$DIR/pids/$c.pid"
      fi
    done
    [ "${#running[@]}" -lt "$(components | wc -w)" ] \
      || die "a local cluster is already running in $DIR (see: $0 status --dir $DIR)"
  fi
  BROKERS=${BROKERS:-3}
  ZK_PORT=${ZK_PORT:-2181}
  BASE_PORT=${BASE_PORT:-9092}
  [ "$BROKERS" -ge 1 ] || die "--brokers must be at least 1"
  [ $((BASE_PORT + BROKERS - 1)) -le 65535 ] && [ "$ZK_PORT" -le 65535 ] || die "ports must be below 65536"
  for c in $(components); do
    port=$(port_of "$c")
    [ "$port" -ge 1 ] || die "ports must be positive"
    if ! is_listed "$c" "${running[@]}" && port_open "$port"; then
      die "port $port is in use; choose others with --zookeeper-port and --base-port"
    fi
  done
  if ! ls "$base_dir"/broker-core/target/broker-core-*.jar > /dev/null 2>&1; then
    echo "Building the jars first: mvn -q -DskipTests package (in $base_dir)"
    (cd "$base_dir" && mvn -q -DskipTests package) || die "the build failed"
  fi
  write_configs
  if [ "${#running[@]}" -gt 0 ]; then
    echo "Starting what does not run of the local cluster in $DIR (running: ${running[*]})..."
  else
    echo "Starting a local cluster in $DIR: ZooKeeper on port $ZK_PORT, $BROKERS broker(s) from port $BASE_PORT..."
  fi
  if ! is_listed zookeeper "${running[@]}" && ! launch zookeeper zookeeper-server-start.sh -Xmx256M; then
    cluster_stop > /dev/null 2>&1
    die "could not start ZooKeeper"
  fi
  for ((id = 0; id < BROKERS; id++)); do
    if ! is_listed "broker-$id" "${running[@]}" && ! launch "broker-$id" kafka-server-start.sh -Xmx512M; then
      cluster_stop > /dev/null 2>&1
      die "could not start broker $id"
    fi
  done
  if ! wait_ready; then
    echo "Stopping what was started." >&2
    cluster_stop > /dev/null 2>&1
    exit 1
  fi
  for c in $(components); do
    pid=$(cat "$DIR/pids/$c.pid")
    printf '  %-10s pid %-7s port %-5s logs %s\n' "$c" "$pid" "$(port_of "$c")" "$DIR/logs/$c"
  done
  for ((id = 0; id < BROKERS; id++)); do
    bootstrap="$bootstrap${bootstrap:+,}localhost:$((BASE_PORT + id))"
  done
  echo "Bootstrap servers: $bootstrap"
  echo "  $base_dir/bin/kafka-topics.sh --bootstrap-server $bootstrap --create --topic demo --partitions 3"
  echo "Status: $0 status --dir $DIR    Stop: $0 stop --dir $DIR"
}

case "$COMMAND" in
  start) cluster_start ;;
  status) cluster_status ;;
  stop) cluster_stop ;;
esac
