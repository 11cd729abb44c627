import { strict as assert } from 'node:assert';
import { P4Info } from '../../src/proto/p4/config/v1/p4info.js';
import { parseTextProto, printTextProto, TextProtoError } from '../../src/textproto/index.js';

const P4INFO = 'p4.config.v1.P4Info';

// Laid out the way protobuf's TextFormat prints a P4Info.
const sample = `pkg_info {
  arch: "v1model"
}
tables {
  preamble {
    id: 37375156
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
    id: 28792405
  }
  action_refs {
    id: 21257015
    annotations: "@defaultonly"
    scope: DEFAULT_ONLY
  }
  size: 1024
}
actions {
  preamble {
    id: 28792405
    name: "MyIngress.ipv4_forward"
    alias: "ipv4_forward"
  }
  params {
    id: 1
    name: "dstAddr"
    bitwidth: 48
  }
}
type_info {
  structs {
    key: "digest_t"
    value {
      members {
        name: "port"
        type_spec {
          bitstring {
            bit {
              bitwidth: 9
            }
          }
        }
      }
    }
  }
}
`;

describe('protobuf text format', () => {
  it('reads a P4Info into typed messages', () => {
    const info = P4Info.fromJSON(parseTextProto(sample, P4INFO));
    assert.equal(info.pkgInfo?.arch, 'v1model');
    assert.equal(info.tables[0]?.preamble?.id, 37375156);
    assert.equal(info.tables[0]?.matchFields[0]?.match?.$case, 'matchType');
    assert.equal(info.tables[0]?.actionRefs[1]?.annotations[0], '@defaultonly');
    assert.equal(info.tables[0]?.size, 1024n);
    assert.equal(info.actions[0]?.params[0]?.bitwidth, 48);
    assert.equal(info.typeInfo?.structs['digest_t']?.members[0]?.name, 'port');
  });

  it('prints exactly what it read, in field-number order', () => {
    const info = P4Info.fromJSON(parseTextProto(sample, P4INFO));
    assert.equal(printTextProto(P4Info.toJSON(info) as never, P4INFO), sample);
  });

  it('accepts the other spellings text format allows', () => {
    const json = parseTextProto(`# comment
      tables: < preamble { id: 0x10, name: 'a' "b" } size: 5; >
      tables { action_refs: [ { id: 1 }, { id: 2 } ] }`, P4INFO);
    const info = P4Info.fromJSON(json);
    assert.equal(info.tables[0]?.preamble?.id, 16);
    assert.equal(info.tables[0]?.preamble?.name, 'ab');
    assert.deepEqual(info.tables[1]?.actionRefs.map((r) => r.id), [1, 2]);
  });

  it('round-trips escaped strings and bytes', () => {
    const text = 'name: "tab\\there \\"quoted\\" \\\\ caf\\303\\251"\n';
    const json = parseTextProto(text, 'p4.config.v1.Preamble');
    assert.equal(json['name'], 'tab\there "quoted" \\ café');
    assert.equal(printTextProto(json, 'p4.config.v1.Preamble'), text);
  });

  it('reports unknown fields, bad values and syntax errors with line and column', () => {
    assert.throws(() => parseTextProto('tables {\n  colour: 3\n}', P4INFO),
      (e: unknown) => e instanceof TextProtoError && /2:3: p4.config.v1.Table has no field "colour"/.test(e.message));
    assert.throws(() => parseTextProto('tables { size: "x" }', P4INFO), /expected a number for size/);
    assert.throws(() => parseTextProto('tables { match_fields { match_type: FUZZY } }', P4INFO), /has no value FUZZY/);
    assert.throws(() => parseTextProto('tables { preamble { id: 4294967296 } }', P4INFO), /out of range for uint32/);
    assert.throws(() => parseTextProto('tables { preamble { id: 1 }', P4INFO), /expected a field name or '}'/);
    assert.throws(() => parseTextProto('pkg_info { name: "unterminated }', P4INFO), /unterminated string/);
    assert.throws(() => parseTextProto('pkg_info { arch: "a" arch: "b" }', P4INFO), /set twice/);
  });
});
