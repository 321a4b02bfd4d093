#!/usr/bin/env bash
# Stops every Klassic broker running on this machine (java processes of io.klassic.broker.Kafka) with
# SIGTERM, or with $SIGNAL if set. The broker then shuts down cleanly. Kafka's KRaft options
# --process-role=... and --node-id=... are accepted and ignored: in ZooKeeper mode every server is a broker.
#   kafka-server-stop.sh [--process-role=broker] [--node-id=N]

SIGNAL=${SIGNAL:-TERM}

# Arguments (--process-role, --node-id) select KRaft roles in Apache Kafka; there is nothing to select here.

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

PIDS=$(list_processes | grep java | grep -E '( |^)io\.klassic\.broker\.Kafka( |$)' | grep -v grep | awk '{print $1}')

if [ -z "$PIDS" ]; then
  echo "No kafka server to stop"
  exit 1
else
  kill -s "$SIGNAL" $PIDS
fi
