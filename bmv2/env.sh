# Shared settings for the BMv2 scripts; every value can be overridden from the environment.
# shellcheck shell=bash
CORELB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BMV2_BUILD_DIR=${BMV2_BUILD_DIR:-$CORELB_ROOT/build/bmv2}
BMV2_PROGRAM=${BMV2_PROGRAM:-$CORELB_ROOT/p4/lb.p4}
BMV2_NAME=${BMV2_NAME:-$(basename "$BMV2_PROGRAM" .p4)}
BMV2_GRPC_ADDR=${BMV2_GRPC_ADDR:-127.0.0.1:9559}
BMV2_DEVICE_ID=${BMV2_DEVICE_ID:-1}
BMV2_CPU_PORT=${BMV2_CPU_PORT:-255}
BMV2_PACKET_SOCKET=${BMV2_PACKET_SOCKET:-$BMV2_BUILD_DIR/packets.ipc}
BMV2_LOG_LEVEL=${BMV2_LOG_LEVEL:-warn}
BMV2_PID_FILE=$BMV2_BUILD_DIR/simple_switch_grpc.pid
BMV2_LOG_FILE=$BMV2_BUILD_DIR/simple_switch_grpc.log
export CORELB_ROOT BMV2_BUILD_DIR BMV2_PROGRAM BMV2_NAME BMV2_GRPC_ADDR BMV2_DEVICE_ID BMV2_CPU_PORT \
  BMV2_PACKET_SOCKET BMV2_LOG_LEVEL BMV2_PID_FILE BMV2_LOG_FILE

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "bmv2: $1 is not on PATH (install p4c and BMv2 to use the BMv2 target)" >&2; exit 127; }
}
