/*
 * Corelb data plane: named constants shared by every block.
 * Wire values come from DESIGN.md section 2; sizes from issue 5 (>= 64 services, >= 16 slots).
 */
#ifndef CORELB_CONSTANTS_P4
#define CORELB_CONSTANTS_P4

/* ---- EtherTypes and IP protocol numbers ---- */
const bit<16> ETHERTYPE_IPV4        = 0x0800;
const bit<16> ETHERTYPE_IPV6        = 0x86DD;
const bit<16> ETHERTYPE_LOAD_REPORT = 0x88B5;  /* source-routed load report, DESIGN.md 2.1 */
const bit<16> ETHERTYPE_CORE_SHIM   = 0x88B6;  /* core shim, load balancer -> server, DESIGN.md 2.3 */

const bit<8> IP_PROTO_TCP = 6;
const bit<8> IP_PROTO_UDP = 17;
const bit<8> IP_PROTO_NO_NEXT_HEADER = 59;

/* IPv6 load report (DESIGN.md 2.2): traffic class DSCP 63 / ECN 0. */
const bit<8> LOAD_REPORT_TRAFFIC_CLASS = 0xFC;

/* An IPv4 header without options: the only kind the load-balancing path rewrites. */
const bit<4> IPV4_IHL_NO_OPTIONS = 5;

/* ---- Ports ---- */
/* The CPU port of BMv2 when started with --cpu-port 255 (bmv2/ scripts do). */
const bit<9> CPU_PORT  = 255;
/* v1model's drop port, for reference; dropping goes through mark_to_drop(). */
const bit<9> DROP_PORT = 511;

/* ---- Sizes ---- */
/* Services: register arrays are indexed by the low SERVICE_INDEX_BITS of the service index. */
#define SERVICE_INDEX_BITS 6
const bit<32> MAX_SERVICES = 64;               /* 2^SERVICE_INDEX_BITS */
/* Slots of one k-set (MAX_K): the k least-loaded (server, core) pairs of a service. */
#define SLOT_INDEX_BITS 4
const bit<8>  MAX_K = 16;                      /* 2^SLOT_INDEX_BITS */
/* Two banks: the data path reads the active one while the controller fills the other. */
const bit<32> KSET_BANKS = 2;
const bit<32> SLOT_COUNT_ENTRIES = 128;        /* KSET_BANKS * MAX_SERVICES */
const bit<32> KSET_SLOT_ENTRIES = 2048;        /* KSET_BANKS * MAX_SERVICES * MAX_K */
/* Pending-flow registers: hash-indexed, PENDING_FLOW_SLOTS = 2^PENDING_INDEX_BITS. */
#define PENDING_INDEX_BITS 12
const bit<32> PENDING_FLOW_SLOTS = 4096;

const bit<32> MAX_SERVERS = 1024;              /* per-server counter size */
const bit<32> CORE_CHOICE_COUNTER_SIZE = 65536; /* index = server[7:0] ++ core_id */
const bit<32> TABLE_SIZE_SERVICES = 256;
const bit<32> TABLE_SIZE_REDIRECT = 65536;
const bit<32> TABLE_SIZE_SERVERS = 1024;
const bit<32> TABLE_SIZE_REPORT_SOURCES = 4096;
const bit<32> TABLE_SIZE_L2 = 1024;

/* ---- packet_out operations (controller -> switch) ---- */
const bit<8> PACKET_OUT_OP_FORWARD    = 0;  /* send the payload frame out of egress_port */
const bit<8> PACKET_OUT_OP_WRITE_SLOT = 1;  /* kset_slots[bank][service][slot] = (server, core) */
const bit<8> PACKET_OUT_OP_ACTIVATE   = 2;  /* slot_count[bank][service] = count; active_bank[service] = bank */
const bit<8> PACKET_OUT_OP_QUERY_BANK = 3;  /* report active_bank[service] */

/* ---- packet_in reasons (switch -> controller) ---- */
const bit<8> PACKET_IN_REASON_KSET_ACK      = 1;  /* a k-set operation was applied */
const bit<8> PACKET_IN_REASON_KSET_REJECTED = 2;  /* refused: bad index, active bank, count > MAX_K */

/* ---- What the k-set control does for this packet ---- */
const bit<8> KSET_OP_NONE       = 0;
const bit<8> KSET_OP_SELECT     = 1;  /* a new flow needs a (server, core) */
const bit<8> KSET_OP_WRITE_SLOT = 2;
const bit<8> KSET_OP_ACTIVATE   = 3;
const bit<8> KSET_OP_QUERY_BANK = 4;

/* ---- Indices of report_counter ---- */
const bit<32> REPORT_ACCEPTED_L2        = 0;
const bit<32> REPORT_ACCEPTED_IPV6      = 1;
const bit<32> REPORT_REJECTED_UNKNOWN   = 2;  /* sender not in the allowlist */
const bit<32> REPORT_REJECTED_MALFORMED = 3;  /* truncated L2 report, bad IPv6 report fields */
const bit<32> REPORT_FORWARDED          = 4;  /* sr1 != 0: source-routed onwards */
const bit<32> REPORT_COUNTER_SIZE       = 5;

/* ---- Drop reasons: indices of drop_counter, 0 = not dropped ---- */
const bit<8> DROP_NONE               = 0;
const bit<8> DROP_PARSER_ERROR       = 1;  /* truncated or malformed headers */
const bit<8> DROP_IPV4_CHECKSUM      = 2;  /* bad IPv4 header checksum */
const bit<8> DROP_REPORT             = 3;  /* a load report (consumed, rejected or malformed) */
const bit<8> DROP_VIP_UNSUPPORTED    = 4;  /* to a VIP but not plain TCP/UDP: options, fragment, other protocol */
const bit<8> DROP_VIP_NO_SERVICE     = 5;  /* to a VIP, no service on that protocol/port */
const bit<8> DROP_TTL_EXPIRED        = 6;  /* TTL 0 or 1 on the load-balanced path */
const bit<8> DROP_NO_CORE            = 7;  /* new flow, empty k-set */
const bit<8> DROP_UNKNOWN_SERVER     = 8;  /* chosen server index not in the servers table */
const bit<8> DROP_L2_MISS            = 9;  /* no L2 entry for the destination MAC */
const bit<8> DROP_PACKET_OUT_INVALID = 10; /* unknown packet_out op */
const bit<8> DROP_FLOW_METER_RED     = 11; /* a pinned flow over its meter's peak rate (pin_flow_metered) */
const bit<32> DROP_COUNTER_SIZE      = 12;

/* ---- load_report_digest_t.report_format ---- */
const bit<1> REPORT_FORMAT_L2   = 0;  /* DESIGN.md 2.1: carries the sender's timestamp */
const bit<1> REPORT_FORMAT_IPV6 = 1;  /* DESIGN.md 2.2: no timestamp; report_timestamp = switch time */

/* ---- Meter colours as v1model's meters and direct meters write them ----
 * TNA: Meter/DirectMeter execute() returns GREEN 0, YELLOW 1, RED 3 (not 2). */
const bit<2> METER_GREEN  = 0;
const bit<2> METER_YELLOW = 1;
const bit<2> METER_RED    = 2;

/* ---- Pending flows: when a still-pending flow re-sends its new-flow digest ----
 * Each pending hit counts into an 8-bit per-slot counter (wrapping); the digest goes again when
 * the new count h is a power of two that is a multiple of 4 (4, 8, ..., 128) or has wrapped to 0. */
const bit<8> PENDING_RESEND_MIN_HITS_MASK = 3;  /* h & 3 == 0: skip hits 1-3 (entry normally in place) */

/* Digest receiver id (v1model digest() first argument; BMv2 ignores it, P4Runtime uses the type). */
const bit<32> DIGEST_RECEIVER = 1;

#endif
