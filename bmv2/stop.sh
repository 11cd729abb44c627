#!/usr/bin/env bash
# Stops the simple_switch_grpc started by start.sh and removes its packet socket.
set -euo pipefail
source "$(dirname "$0")/env.sh"
if [[ -f $BMV2_PID_FILE ]]; then
  pid=$(cat "$BMV2_PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$BMV2_PID_FILE"
fi
rm -f "$BMV2_PACKET_SOCKET"
