// A small v1model L3 router: parser (Ethernet, IPv4, TCP/UDP ports), three tables (LPM
// routes, ternary ACL, exact source-MAC rewrite), a per-port packet register and the IPv4
// checksum update. Used by the v1model integration test and bench/sim-pipeline.bench.ts.
export const L3_PROGRAM = `
#include <core.p4>
#include <v1model.p4>

header ethernet_t { bit<48> dst; bit<48> src; bit<16> etherType; }
header ipv4_t {
  bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> totalLen; bit<16> identification;
  bit<3> flags; bit<13> fragOffset; bit<8> ttl; bit<8> protocol; bit<16> hdrChecksum;
  bit<32> srcAddr; bit<32> dstAddr;
}
header l4_t { bit<16> srcPort; bit<16> dstPort; }
struct headers { ethernet_t eth; ipv4_t ipv4; l4_t l4; }
struct metadata { bit<32> count; }

parser MyParser(packet_in pkt, out headers h, inout metadata m, inout standard_metadata_t sm) {
  state start { pkt.extract(h.eth); transition select(h.eth.etherType) { 0x0800: ipv4; default: accept; } }
  state ipv4 { pkt.extract(h.ipv4); transition select(h.ipv4.protocol) { 6: l4; 17: l4; default: accept; } }
  state l4 { pkt.extract(h.l4); transition accept; }
}

control MyVerify(inout headers h, inout metadata m) { apply { } }

control MyIngress(inout headers h, inout metadata m, inout standard_metadata_t sm) {
  register<bit<32>>(512) port_packets;
  action drop() { mark_to_drop(sm); }
  action forward(bit<48> nextHop, bit<9> port) {
    sm.egress_spec = port;
    h.eth.dst = nextHop;
    h.ipv4.ttl = h.ipv4.ttl - 1;
  }
  action set_smac(bit<48> mac) { h.eth.src = mac; }
  table routes { key = { h.ipv4.dstAddr: lpm; } actions = { forward; drop; } default_action = drop(); size = 4096; }
  table acl {
    key = { h.ipv4.srcAddr: ternary; h.l4.dstPort: ternary; }
    actions = { drop; NoAction; }
    default_action = NoAction();
  }
  table smac { key = { sm.egress_spec: exact; } actions = { set_smac; NoAction; } default_action = NoAction(); }
  apply {
    if (!h.ipv4.isValid()) { drop(); exit; }
    routes.apply();
    if (acl.apply().hit) { return; }
    smac.apply();
    bit<32> n;
    port_packets.read(n, (bit<32>)sm.ingress_port);
    port_packets.write((bit<32>)sm.ingress_port, n + 1);
    m.count = n + 1;
  }
}

control MyEgress(inout headers h, inout metadata m, inout standard_metadata_t sm) { apply { } }

control MyComputeChecksum(inout headers h, inout metadata m) {
  apply {
    update_checksum(h.ipv4.isValid(),
      { h.ipv4.version, h.ipv4.ihl, h.ipv4.diffserv, h.ipv4.totalLen, h.ipv4.identification,
        h.ipv4.flags, h.ipv4.fragOffset, h.ipv4.ttl, h.ipv4.protocol, h.ipv4.srcAddr, h.ipv4.dstAddr },
      h.ipv4.hdrChecksum, HashAlgorithm.csum16);
  }
}

control MyDeparser(packet_out pkt, in headers h) { apply { pkt.emit(h.eth); pkt.emit(h.ipv4); pkt.emit(h.l4); } }

V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyComputeChecksum(), MyDeparser()) main;
`;
