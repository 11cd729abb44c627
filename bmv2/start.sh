#!/usr/bin/env bash
# Starts simple_switch_grpc with no program loaded (the controller or test harness pushes
# the pipeline over P4Runtime), packets on BMv2's nanomsg interface at ipc://$BMV2_PACKET_SOCKET,
# and waits until the gRPC port accepts connections.
set -euo pipefail
source "$(dirname "$0")/env.sh"
require simple_switch_grpc
mkdir -p "$BMV2_BUILD_DIR"
if [[ -f $BMV2_PID_FILE ]] && kill -0 "$(cat "$BMV2_PID_FILE")" 2>/dev/null; then
  echo "bmv2: already running (pid $(cat "$BMV2_PID_FILE"))" >&2
  exit 1
fi
rm -f "$BMV2_PACKET_SOCKET"
simple_switch_grpc \
  --device-id "$BMV2_DEVICE_ID" \
  --packet-in "ipc://$BMV2_PACKET_SOCKET" \
  --log-level "$BMV2_LOG_LEVEL" --log-console \
  --no-p4 \
  -- --grpc-server-addr "$BMV2_GRPC_ADDR" --cpu-port "$BMV2_CPU_PORT" \
  >"$BMV2_LOG_FILE" 2>&1 &
echo $! >"$BMV2_PID_FILE"
host=${BMV2_GRPC_ADDR%:*}
port=${BMV2_GRPC_ADDR##*:}
for _ in $(seq 1 100); do
  if ! kill -0 "$(cat "$BMV2_PID_FILE")" 2>/dev/null; then
    echo "bmv2: simple_switch_grpc exited; see $BMV2_LOG_FILE" >&2
    tail -n 20 "$BMV2_LOG_FILE" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "bmv2: simple_switch_grpc up on $BMV2_GRPC_ADDR, packets on ipc://$BMV2_PACKET_SOCKET (pid $(cat "$BMV2_PID_FILE"))"
    exit 0
  fi
  sleep 0.1
done
echo "bmv2: gRPC port $BMV2_GRPC_ADDR did not open within 10 s; see $BMV2_LOG_FILE" >&2
exit 1
