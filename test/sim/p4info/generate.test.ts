import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { P4Info } from '../../../src/proto/p4/config/v1/p4info.js';
import { frontend, frontendSource } from '../../../src/sim/frontend/frontend.js';
import { generateP4Info, shortestUniqueSuffixes } from '../../../src/sim/p4info/generate.js';
import { parseTextProto, printTextProto } from '../../../src/textproto/index.js';

const routing = fileURLToPath(new URL('./fixtures/routing.p4', import.meta.url));

describe('P4Info generation', () => {
  const info = generateP4Info(frontend(routing));
  const byName = <T extends { preamble?: { name: string } | undefined }>(list: T[], name: string): T => {
    const found = list.find((x) => x.preamble?.name === name);
    assert.ok(found, `no ${name} in P4Info`);
    return found;
  };

  it('gives the ids p4c gives (names of the p4lang tutorial router)', () => {
    const tutorial = generateP4Info(frontendSource(`
      #include <core.p4>
      #include <v1model.p4>
      header h_t { bit<32> dstAddr; }
      struct hs { h_t ipv4; }
      struct m {}
      parser P(packet_in p, out hs h, inout m x, inout standard_metadata_t s) { state start { p.extract(h.ipv4); transition accept; } }
      control V(inout hs h, inout m x) { apply {} }
      control MyIngress(inout hs hdr, inout m x, inout standard_metadata_t s) {
        action drop() { mark_to_drop(s); }
        action ipv4_forward(bit<48> dstAddr, bit<9> port) { s.egress_spec = port; }
        table ipv4_lpm {
          key = { hdr.ipv4.dstAddr: lpm; }
          actions = { ipv4_forward; drop; NoAction; }
          size = 1024;
          default_action = drop();
        }
        apply { ipv4_lpm.apply(); }
      }
      control E(inout hs h, inout m x, inout standard_metadata_t s) { apply {} }
      control C(inout hs h, inout m x) { apply {} }
      control D(packet_out p, in hs h) { apply { p.emit(h.ipv4); } }
      V1Switch(P(), V(), MyIngress(), E(), C(), D()) main;`));
    assert.equal(byName(tutorial.tables, 'MyIngress.ipv4_lpm').preamble!.id, 37375156);
    assert.deepEqual(tutorial.actions.map((a) => [a.preamble!.name, a.preamble!.id]), [
      ['NoAction', 21257015],
      ['MyIngress.drop', 25652968],
      ['MyIngress.ipv4_forward', 28792405],
    ]);
  });

  it('describes tables: keys, action refs with scopes, size, const default, idle timeout, direct resources', () => {
    const routes = byName(info.tables, 'RouterIngress.routes');
    assert.equal(routes.preamble!.alias, 'routes');
    assert.deepEqual(routes.matchFields.map((f) => [f.id, f.name, f.bitwidth, f.match]), [[1, 'hdr.ipv4.dst', 32, { $case: 'matchType', value: 3 }]]);
    assert.equal(routes.size, 4096n);
    assert.deepEqual(routes.actionRefs.map((r) => r.scope), [0, 0, 2]);
    assert.deepEqual(routes.actionRefs[2]!.annotations, ['@defaultonly']);
    assert.deepEqual(routes.directResourceIds, [byName(info.directCounters, 'RouterIngress.route_hits').preamble!.id]);
    const acl = byName(info.tables, 'RouterIngress.acl');
    assert.deepEqual(acl.matchFields.map((f) => f.name), ['source', 'hdr.ipv4.protocol']);
    assert.equal(acl.constDefaultActionId, byName(info.actions, 'NoAction').preamble!.id);
    assert.equal(acl.idleTimeoutBehavior, 1);
    assert.equal(acl.size, 1024n, 'p4c gives tables without a size property 1024 entries');
  });

  it('lists only actions tables can run, with their control-plane parameters', () => {
    assert.deepEqual(info.actions.map((a) => a.preamble!.name).sort(),
      ['NoAction', 'RouterIngress.drop', 'RouterIngress.forward', 'RouterIngress.learn']);
    assert.deepEqual(byName(info.actions, 'RouterIngress.forward').params.map((p) => [p.id, p.name, p.bitwidth]), [[1, 'dst', 48], [2, 'port', 9]]);
  });

  it('describes externs, controller headers and digests with their type info', () => {
    assert.equal(byName(info.counters, 'RouterIngress.port_packets').size, 64n);
    assert.equal(byName(info.counters, 'RouterIngress.port_packets').spec!.unit, 2);
    assert.equal(byName(info.directCounters, 'RouterIngress.route_hits').directTableId, byName(info.tables, 'RouterIngress.routes').preamble!.id);
    assert.equal(byName(info.meters, 'RouterIngress.port_rate').spec!.unit, 1);
    const register = byName(info.registers, 'RouterIngress.last_seen');
    assert.equal(register.size, 128);
    assert.deepEqual(register.typeSpec, { typeSpec: { $case: 'bitstring', value: { typeSpec: { $case: 'bit', value: { bitwidth: 32 } }, annotations: [], annotationLocations: [], structuredAnnotations: [] } } });
    const packetIn = byName(info.controllerPacketMetadata, 'packet_in');
    assert.equal(packetIn.preamble!.id >>> 24, 0x04);
    assert.deepEqual(packetIn.metadata.map((m) => [m.id, m.name, m.bitwidth]), [[1, 'ingress_port', 9], [2, 'pad', 7]]);
    const digest = byName(info.digests, 'learn_t');
    assert.equal(digest.typeSpec!.typeSpec!.$case, 'struct');
    assert.deepEqual(info.typeInfo!.structs['learn_t']!.members.map((m) => m.name), ['src', 'port']);
  });

  it('sorts every list by id and survives a text-format round trip', () => {
    for (const list of [info.tables, info.actions, info.controllerPacketMetadata]) {
      const ids = list.map((x) => x.preamble!.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    }
    const text = printTextProto(P4Info.toJSON(info) as never, 'p4.config.v1.P4Info');
    assert.deepEqual(P4Info.fromJSON(parseTextProto(text, 'p4.config.v1.P4Info')), info);
  });

  it('lists the objects of a control once per instance, named by instance path', () => {
    const twice = generateP4Info(frontendSource(`
      #include <core.p4>
      #include <v1model.p4>
      header h_t { bit<8> f; }
      struct hs { h_t h; }
      struct m {}
      parser P(packet_in p, out hs h, inout m x, inout standard_metadata_t s) { state start { p.extract(h.h); transition accept; } }
      control V(inout hs h, inout m x) { apply {} }
      control Guard(inout hs hdr)(bit<32> cells) {
        register<bit<8>>(cells) seen;
        action set(bit<8> v) { hdr.h.f = v; seen.write(0, v); }
        @name("renamed") table t {
          key = { hdr.h.f: exact; }
          actions = { set; NoAction; }
        }
        apply { t.apply(); }
      }
      control I(inout hs hdr, inout m x, inout standard_metadata_t s) {
        Guard(4) a;
        Guard(8) b;
        apply { a.apply(hdr); b.apply(hdr); }
      }
      control E(inout hs h, inout m x, inout standard_metadata_t s) { apply {} }
      control C(inout hs h, inout m x) { apply {} }
      control D(packet_out p, in hs h) { apply { p.emit(h.h); } }
      V1Switch(P(), V(), I(), E(), C(), D()) main;`));
    assert.deepEqual(twice.tables.map((t) => t.preamble!.name).sort(), ['I.a.renamed', 'I.b.renamed']);
    assert.deepEqual(twice.actions.map((a) => a.preamble!.name).sort(), ['I.a.set', 'I.b.set', 'NoAction']);
    const setOf = (table: string): number => byName(twice.tables, table).actionRefs[0]!.id;
    assert.equal(setOf('I.a.renamed'), byName(twice.actions, 'I.a.set').preamble!.id);
    assert.equal(setOf('I.b.renamed'), byName(twice.actions, 'I.b.set').preamble!.id);
    assert.deepEqual(twice.registers.map((r) => [r.preamble!.name, r.size]).sort(), [['I.a.seen', 4], ['I.b.seen', 8]]);
  });

  it('aliases each name by its shortest unique suffix', () => {
    const aliases = shortestUniqueSuffixes(['Ingress.a.t', 'Egress.b.t', 'Ingress.x', 'NoAction']);
    assert.deepEqual([...aliases.values()], ['a.t', 'b.t', 'x', 'NoAction']);
  });
});
