// execute_meter and direct_meter.read on meters the control plane never configured mark
// GREEN (0), as BMv2 does; a table with a direct counter and meter still forwards.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    meter(4, MeterType.packets) m;
    direct_meter<bit<8>>(MeterType.bytes) dm;
    direct_counter(CounterType.packets_and_bytes) dc;
    action fwd(bit<9> port) { sm.egress_spec = port; dm.read(hdr.data.b2); }
    table t {
        key = { hdr.data.h1: exact; }
        actions = { fwd; NoAction; }
        meters = dm;
        counters = dc;
        default_action = NoAction();
    }
    apply {
        bit<8> color;
        m.execute_meter((bit<32>)hdr.data.b1, color);
        hdr.data.b1 = color + 0x10;
        t.apply();
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
