// Sizes fixed by the data plane's registers and header fields (docs/dataplane.md).

/** Result-register slots per service: the largest k. */
export const MAX_K = 16;
/** Services the result registers and round-robin cursors have room for. */
export const MAX_SERVICES = 64;
/** The core shim and the load reports carry an 8-bit core id. */
export const MAX_CORES_PER_SERVER = 256;
/** Server indices are 16-bit in the data plane's per-server table and result slots. */
export const MAX_SERVER_INDEX = 0xffff;
/** v1model and Tofino ports are 9 bits wide. */
export const MAX_PORT = 511;
/** Load reports carry an 8-bit load: 0..255 means 0..100 %. */
export const MAX_LOAD = 255;
