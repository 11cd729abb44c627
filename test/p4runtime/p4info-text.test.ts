import assert from 'node:assert/strict';
import { P4Info } from '../../src/proto/p4/config/v1/p4info.js';
import { P4InfoFormatError, P4InfoIndex, parseP4InfoText } from '../../src/p4runtime/index.js';
import { printTextProto, type JsonObject } from '../../src/textproto/index.js';
import { buildFixtureP4Info } from './support/fixture-p4info.js';

// Written the way p4c-bm2-ss --p4runtime-files x.p4info.txtpb lays it out.
const SAMPLE = `# proto-file: p4/config/v1/p4info.proto
# proto-message: p4.config.v1.P4Info

pkg_info {
  arch: "v1model"
}
tables {
  preamble {
    id: 33554433
    name: "MyIngress.ipv4_lpm"
    alias: "ipv4_lpm"
  }
  match_fields {
    id: 1
    name: "hdr.ipv4.dstAddr"
    bitwidth: 32
    match_type: LPM
  }
  action_refs {
    id: 16777219
  }
  action_refs {
    id: 16777217
    annotations: "@defaultonly"
    scope: DEFAULT_ONLY
  }
  initial_default_action {
    action_id: 16777217
  }
  size: 1024
  idle_timeout_behavior: NOTIFY_CONTROL
}
actions {
  preamble {
    id: 16777217
    name: "NoAction"
    alias: "NoAction"
    annotations: "@noWarn(\\"unused\\")"
  }
}
actions {
  preamble { id: 16777219 name: "MyIngress.ipv4_forward" alias: "ipv4_forward" }
  params { id: 1 name: "dstAddr" bitwidth: 48 }
  params { id: 2 name: "port" bitwidth: 9 }
}
controller_packet_metadata {
  preamble {
    id: 67146229
    name: "packet_in"
    alias: "packet_in"
    annotations: "@controller_header(\\"packet_in\\")"
  }
  metadata {
    id: 1
    name: "ingress_port"
    bitwidth: 9
  }
  metadata {
    id: 2
    name: "_pad"
    annotations: "@padding"
    bitwidth: 7
  }
}
registers {
  preamble { id: 369098753 name: "MyIngress.slots" alias: "slots" }
  type_spec { bitstring { bit { bitwidth: 32 } } }
  size: 64
}
digests {
  preamble { id: 385000000 name: "digest_t" alias: "digest_t" }
  type_spec { struct { name: "digest_t" } }
}
type_info {
  structs {
    key: "digest_t"
    value {
      members { name: "a" type_spec { bitstring { bit { bitwidth: 8 } } } }
      members { name: "b" type_spec { bool { } } }
    }
  }
}
`;

describe('p4runtime P4Info text format', () => {
  it('reads p4c-style text format', () => {
    const index = P4InfoIndex.fromText(SAMPLE);
    const table = index.table('ipv4_lpm');
    assert.equal(table.id, 33554433);
    assert.equal(table.matchFields.get('hdr.ipv4.dstAddr').matchKind, 'lpm');
    assert.equal(table.supportsIdleTimeout, true);
    assert.equal(table.size, 1024n);
    assert.equal(table.actions.get(16777217), 'default only');
    assert.equal(table.raw.initialDefaultAction?.actionId, 16777217);
    assert.deepEqual(index.action('NoAction').annotations, ['@noWarn("unused")']);
    assert.deepEqual(index.action('ipv4_forward').params.all().map((p) => [p.name, p.bitwidth]), [['dstAddr', 48], ['port', 9]]);
    assert.equal(index.packetMetadata('packet_in').fields.get('_pad').isPadding, true);
    assert.equal(index.registers.get('slots').bitwidth, 32);
    assert.deepEqual(index.digests.get('digest_t').fields, [{ name: 'a', bitwidth: 8 }, { name: 'b' }]);
  });

  it('reads bytes fields, list syntax, angle brackets and escapes', () => {
    const p4info = parseP4InfoText(`
      tables {
        preamble: < id: 33554434, name: 'T', alias: "T" >
        initial_default_action { action_id: 1 arguments { param_id: 1 value: "\\001\\x02\\n" } }
        direct_resource_ids: [318767105, 318767106]
      }`);
    const table = p4info.tables[0]!;
    assert.equal(table.preamble?.name, 'T');
    assert.deepEqual([...table.initialDefaultAction!.arguments[0]!.value], [1, 2, 10]);
    assert.deepEqual(table.directResourceIds, [318767105, 318767106]);
  });

  it('agrees with the binary form for the whole fixture', () => {
    // Hand-built text of a part of the fixture would only test itself, so instead print
    // the whole fixture in text format and read it back.
    const p4info = buildFixtureP4Info();
    const text = printTextProto(P4Info.toJSON(p4info) as JsonObject, 'p4.config.v1.P4Info');
    assert.deepEqual(parseP4InfoText(text), p4info);
  });

  it('reports syntax errors with line and column', () => {
    assert.throws(() => parseP4InfoText('tables {\n  preamble { id: 1 \n'), (e: unknown) =>
      e instanceof P4InfoFormatError && /3:1: expected a field name or '}'/.test(e.message));
    assert.throws(() => parseP4InfoText('tables {\n  size 5\n}'), /2:8: expected ':' after size/);
    assert.throws(() => parseP4InfoText('pkg_info { arch: "a" arch: "b" }'), /non-repeated field "arch" is set twice/);
    assert.throws(() => parseP4InfoText('tables { [ext.foo] { } }'), /extensions and Any expansions are not supported/);
    assert.throws(() => parseP4InfoText('pkg_info { name: "unterminated }'), /unterminated string/);
  });
});
