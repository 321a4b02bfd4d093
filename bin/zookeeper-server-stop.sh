#!/usr/bin/env bash
# Stops every ZooKeeper server running on this machine (java processes of QuorumPeerMain) with SIGTERM,
# or with $SIGNAL if set.

SIGNAL=${SIGNAL:-TERM}

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

PIDS=$(list_processes | grep java | grep -i 'QuorumPeerMain' | grep -v grep | awk '{print $1}')

if [ -z "$PIDS" ]; then
  echo "No zookeeper server to stop"
  exit 1
else
  kill -s "$SIGNAL" $PIDS
fi
