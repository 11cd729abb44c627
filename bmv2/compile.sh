#!/usr/bin/env bash
# Compiles the data plane for BMv2: writes $BMV2_BUILD_DIR/<name>.json (the device config
# simple_switch_grpc loads) and <name>.p4info.txtpb (what the controller pushes).
set -euo pipefail
source "$(dirname "$0")/env.sh"
require p4c-bm2-ss
mkdir -p "$BMV2_BUILD_DIR"
p4c-bm2-ss --std p4-16 --arch v1model \
  -I "$CORELB_ROOT/p4" \
  --p4runtime-files "$BMV2_BUILD_DIR/$BMV2_NAME.p4info.txtpb" \
  -o "$BMV2_BUILD_DIR/$BMV2_NAME.json" \
  "$BMV2_PROGRAM"
echo "$BMV2_BUILD_DIR/$BMV2_NAME.json"
echo "$BMV2_BUILD_DIR/$BMV2_NAME.p4info.txtpb"
