// Plain enums, serializable enums cast from a field, typedef, type and const declarations.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

enum Color { Red, Green, Blue }
enum bit<8> Op { Add = 1, Sub = 2 }
typedef bit<16> word_t;
type bit<9> port_t;
const bit<8> OFFSET = 0x10;
const port_t OUT = (port_t)3;
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        Op op = (Op)hdr.data.b1;
        Color c = Color.Red;
        if (op == Op.Add) { hdr.data.b2 = hdr.data.b2 + OFFSET; c = Color.Green; }
        else if (op == Op.Sub) { hdr.data.b2 = hdr.data.b2 - OFFSET; c = Color.Blue; }
        word_t w = (word_t)hdr.data.b2;
        hdr.data.h1 = w;
        hdr.data.f1 = c == Color.Green ? 32w1 : c == Color.Blue ? 32w2 : 32w0;
        sm.egress_spec = (bit<9>)OUT;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
