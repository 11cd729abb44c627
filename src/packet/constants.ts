// Numbers that name protocols on the wire (IEEE EtherTypes, IANA protocol numbers) and Corelb's own.

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_VLAN = 0x8100;
/** Corelb source-routed load report (DESIGN.md 2.1). */
export const ETHERTYPE_LOAD_REPORT = 0x88b5;
/** Corelb core shim, load balancer -> server (DESIGN.md 2.3). */
export const ETHERTYPE_CORE_SHIM = 0x88b6;

export const IP_PROTO_TCP = 6;
export const IP_PROTO_UDP = 17;
/** IPv6 "No Next Header": the IPv6 load report carries nothing after its header. */
export const IP_PROTO_NO_NEXT_HEADER = 59;
