import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  EntityBuilder,
  EntityDecoder,
  EntityError,
  P4InfoIndex,
  P4InfoLookupError,
  ValueEncodingError,
  type TableEntry,
} from '../../src/p4runtime/index.js';
import { buildFixtureP4Info, IDS } from './support/fixture-p4info.js';

const index = new P4InfoIndex(buildFixtureP4Info());
const build = new EntityBuilder(index);
const decode = new EntityDecoder(index);

function matchOf(entry: TableEntry, fieldId: number) {
  return entry.match.find((m) => m.fieldId === fieldId)?.fieldMatchType;
}

describe('p4runtime entity builders', () => {
  it('builds an exact-match entry with an action, idle timeout and metadata', () => {
    const entry = build.tableEntry({
      table: 'MyIngress.redirect',
      match: {
        'meta.l4.dstPort': 80, 'hdr.ipv4.srcAddr': '10.0.0.1', 'hdr.ipv4.dstAddr': '192.168.1.10',
        'hdr.ipv4.protocol': 6, 'meta.l4.srcPort': 40000,
      },
      action: { name: 'set_core', params: { server: 3, core: 7 } },
      idleTimeoutNs: 10_000_000_000n,
      controllerMetadata: 42,
    });
    assert.equal(entry.tableId, IDS.redirect);
    assert.deepEqual(entry.match.map((m) => m.fieldId), [1, 2, 3, 4, 5], 'sorted by field id');
    assert.deepEqual(matchOf(entry, 1), { $case: 'exact', value: { value: Buffer.from('0a000001', 'hex') } });
    assert.deepEqual(matchOf(entry, 5), { $case: 'exact', value: { value: Buffer.from('50', 'hex') } });
    assert.equal(entry.priority, 0);
    assert.equal(entry.idleTimeoutNs, 10_000_000_000n);
    assert.equal(entry.controllerMetadata, 42n);
    assert.deepEqual(entry.action, {
      type: { $case: 'action', value: { actionId: IDS.setCore, params: [{ paramId: 1, value: Buffer.from([3]) }, { paramId: 2, value: Buffer.from([7]) }] } },
    });
  });

  it('builds lpm, ternary, range and optional matches and omits don\'t-cares', () => {
    const lpm = build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': '10.1.2.3/16' }, action: { name: 'drop' } });
    assert.deepEqual(matchOf(lpm, 1), { $case: 'lpm', value: { value: Buffer.from('0a010000', 'hex'), prefixLen: 16 } });
    const full = build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': '10.1.2.3' }, action: 'drop' });
    assert.deepEqual(matchOf(full, 1), { $case: 'lpm', value: { value: Buffer.from('0a010203', 'hex'), prefixLen: 32 } });
    const zero = build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': { value: 0, prefixLen: 0 } }, action: 'drop' });
    assert.deepEqual(zero.match, [], 'a /0 prefix is a wildcard and is omitted');
    const v6 = build.tableEntry({ table: 'ipv6_route', match: { 'hdr.ipv6.dstAddr': '2001:db8::/32' }, action: { name: 'set_nhop', params: { port: 2 } } });
    assert.deepEqual(matchOf(v6, 1), { $case: 'lpm', value: { value: Buffer.from('20010db8' + '00'.repeat(12), 'hex'), prefixLen: 32 } });

    const acl = build.tableEntry({
      table: 'acl',
      priority: 10,
      match: {
        'hdr.ethernet.etherType': { value: 0x0800, mask: 0xffff },
        'hdr.ipv4.srcAddr': { value: '10.0.0.77', mask: '255.255.255.0' },
        'meta.l4.dstPort': { low: 1000, high: 2000 },
        'standard_metadata.ingress_port': 3,
        'hdr.ethernet.dstAddr': { value: 0, mask: 0 },
      },
      action: 'send_to_cpu',
    });
    assert.equal(acl.priority, 10);
    assert.deepEqual(matchOf(acl, 1), { $case: 'ternary', value: { value: Buffer.from('0800', 'hex'), mask: Buffer.from('ffff', 'hex') } });
    assert.deepEqual(matchOf(acl, 2), { $case: 'ternary', value: { value: Buffer.from('0a000000', 'hex'), mask: Buffer.from('ffffff00', 'hex') } });
    assert.deepEqual(matchOf(acl, 3), { $case: 'range', value: { low: Buffer.from('03e8', 'hex'), high: Buffer.from('07d0', 'hex') } });
    assert.deepEqual(matchOf(acl, 4), { $case: 'optional', value: { value: Buffer.from([3]) } });
    assert.equal(matchOf(acl, 5), undefined, 'a zero mask is a wildcard and is omitted');
    const fullRange = build.tableEntry({ table: 'acl', priority: 1, match: { 'meta.l4.dstPort': { low: 0, high: 65535 } }, action: 'drop' });
    assert.deepEqual(fullRange.match, []);
  });

  it('builds default entries, action-profile references and direct resources', () => {
    const def = build.tableEntry({ table: 'ipv4_lpm', isDefaultAction: true, action: 'NoAction' });
    assert.equal(def.isDefaultAction, true);
    assert.deepEqual(def.match, []);
    const member = build.tableEntry({ table: 'ecmp', match: { 'hdr.ipv4.dstAddr': '10.0.0.1' }, action: { memberId: 5 } });
    assert.deepEqual(member.action, { type: { $case: 'actionProfileMemberId', value: 5 } });
    const group = build.tableEntry({ table: 'ecmp', match: { 'hdr.ipv4.dstAddr': 1 }, action: { groupId: 9 } });
    assert.deepEqual(group.action, { type: { $case: 'actionProfileGroupId', value: 9 } });
    const oneShot = build.tableEntry({ table: 'ecmp', match: { 'hdr.ipv4.dstAddr': 1 }, action: { oneShot: [{ action: { name: 'set_nhop', params: { port: 1 } }, weight: 2 }] } });
    assert.equal(oneShot.action?.type?.$case, 'actionProfileActionSet');
    const counted = build.tableEntry({
      table: 'redirect', match: { 'hdr.ipv4.srcAddr': 1, 'hdr.ipv4.dstAddr': 2, 'hdr.ipv4.protocol': 6, 'meta.l4.srcPort': 1, 'meta.l4.dstPort': 2 },
      action: { name: 'set_core', params: { server: 1, core: 1 } }, counterData: { byteCount: 100, packetCount: 1 },
    });
    assert.deepEqual(counted.counterData, { byteCount: 100n, packetCount: 1n });
    const metered = build.tableEntry({ table: 'acl', priority: 1, action: 'drop', meterConfig: { cir: 100, cburst: 10, pir: 200, pburst: 20 } });
    assert.deepEqual(metered.meterConfig, { cir: 100n, cburst: 10n, pir: 200n, pburst: 20n, eburst: 0n });
  });

  it('builds every other entity kind', () => {
    assert.deepEqual(build.counter({ counter: 'service_counter', index: 3 }), { entity: { $case: 'counterEntry', value: { counterId: IDS.serviceCounter, index: { index: 3n } } } });
    assert.deepEqual(build.counter({ counter: 'service_counter' }).entity?.value, { counterId: IDS.serviceCounter }, 'no index: wildcard');
    const dc = build.directCounter({ entry: { table: 'redirect' }, data: { packetCount: 0 } });
    assert.equal(dc.entity?.$case === 'directCounterEntry' && dc.entity.value.tableEntry?.tableId, IDS.redirect);
    assert.deepEqual(build.meter({ meter: 'rate_meter', index: 1, config: { cir: 1, cburst: 2, pir: 3, pburst: 4 } }).entity?.value,
      { meterId: IDS.rateMeter, index: { index: 1n }, config: { cir: 1n, cburst: 2n, pir: 3n, pburst: 4n, eburst: 0n } });
    assert.equal(build.directMeter({ entry: { table: 'acl' } }).entity?.$case, 'directMeterEntry');
    assert.deepEqual(build.register({ register: 'result_slots', index: 7, value: 0xdeadbeef }).entity?.value,
      { registerId: IDS.resultSlots, index: { index: 7n }, data: { data: { $case: 'bitstring', value: Buffer.from('deadbeef', 'hex') } } });
    assert.deepEqual(build.digest({ digest: 'new_flow_digest_t', config: { maxTimeoutNs: 1000, maxListSize: 100, ackTimeoutNs: 5000 } }).entity?.value,
      { digestId: IDS.newFlowDigest, config: { maxTimeoutNs: 1000n, maxListSize: 100, ackTimeoutNs: 5000n } });
    const mc = build.multicastGroup({ groupId: 1, replicas: [{ port: 1 }, { port: 2, instance: 1 }, { port: Buffer.from([0, 3]) }] });
    assert.deepEqual(mc.entity?.$case === 'packetReplicationEngineEntry' && mc.entity.value.type, {
      $case: 'multicastGroupEntry',
      value: {
        multicastGroupId: 1, metadata: Buffer.alloc(0), replicas: [
          { portKind: { $case: 'egressPort', value: 1 }, instance: 0, backupReplicas: [] },
          { portKind: { $case: 'egressPort', value: 2 }, instance: 1, backupReplicas: [] },
          { portKind: { $case: 'port', value: Buffer.from([0, 3]) }, instance: 0, backupReplicas: [] },
        ],
      },
    });
    const clone = build.cloneSession({ sessionId: 100, replicas: [{ port: 255 }], packetLengthBytes: 128 });
    assert.equal(clone.entity?.$case === 'packetReplicationEngineEntry' && clone.entity.value.type?.$case, 'cloneSessionEntry');
    const vs = build.valueSet({ valueSet: 'trusted_ports', members: [{ port: 80 }, { port: 443 }] });
    assert.equal(vs.entity?.$case === 'valueSetEntry' && vs.entity.value.members.length, 2);
    const apm = build.actionProfileMember({ actionProfile: 'ecmp_selector', memberId: 1, action: { name: 'set_nhop', params: { port: 4 } } });
    assert.equal(apm.entity?.$case === 'actionProfileMember' && apm.entity.value.action?.actionId, IDS.setNhop);
    const apg = build.actionProfileGroup({ actionProfile: 'ecmp_selector', groupId: 1, members: [{ memberId: 1 }, { memberId: 2, weight: 3 }], maxSize: 8 });
    assert.deepEqual(apg.entity?.$case === 'actionProfileGroup' && apg.entity.value.members.map((m) => m.weight), [1, 3]);
    const out = build.packetOut(Buffer.from('abcd', 'hex'), { egress_port: 3 });
    assert.deepEqual(out.metadata, [{ metadataId: 1, value: Buffer.from([3]) }, { metadataId: 2, value: Buffer.from([0]) }]);
  });

  it('rejects entries a server would reject, with the reason', () => {
    const redirectMatch = { 'hdr.ipv4.srcAddr': 1, 'hdr.ipv4.dstAddr': 2, 'hdr.ipv4.protocol': 6, 'meta.l4.srcPort': 1, 'meta.l4.dstPort': 2 };
    const cases: [() => unknown, new (...args: never[]) => Error, RegExp][] = [
      [() => build.tableEntry({ table: 'redirect', match: { 'hdr.ipv4.srcAddr': 1 }, action: 'NoAction' }), EntityError, /exact match field\(s\) hdr.ipv4.dstAddr, hdr.ipv4.protocol, meta.l4.srcPort, meta.l4.dstPort missing/],
      [() => build.tableEntry({ table: 'redirect', match: { ...redirectMatch, 'hdr.ipv4.ttl': 1 } }), P4InfoLookupError, /unknown match field 'hdr.ipv4.ttl' in table MyIngress.redirect/],
      [() => build.tableEntry({ table: 'redirect', match: redirectMatch, action: { name: 'set_core', params: { server: 1 } } }), EntityError, /action MyIngress.set_core needs param\(s\) core/],
      [() => build.tableEntry({ table: 'redirect', match: redirectMatch, action: { name: 'set_core', params: { server: 1, core: 1, cpu: 2 } } }), P4InfoLookupError, /unknown action param 'cpu'/],
      [() => build.tableEntry({ table: 'redirect', match: redirectMatch, action: { name: 'set_core', params: { server: 1, core: 256 } } }), ValueEncodingError, /param core of action MyIngress.set_core: 256 does not fit in bit<8>/],
      [() => build.tableEntry({ table: 'redirect', match: { ...redirectMatch, 'hdr.ipv4.protocol': 300 } }), ValueEncodingError, /match field hdr.ipv4.protocol of table MyIngress.redirect: 300 does not fit in bit<8>/],
      [() => build.tableEntry({ table: 'redirect', match: redirectMatch, action: 'drop' }), P4InfoLookupError, /unknown action 'MyIngress.drop' in table MyIngress.redirect; did you mean 'MyIngress.set_core', 'NoAction'/],
      [() => build.tableEntry({ table: 'acl', match: {}, action: 'drop' }), EntityError, /need a priority >= 1/],
      [() => build.tableEntry({ table: 'redirect', match: redirectMatch, priority: 3 }), EntityError, /take no priority/],
      [() => build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': '10.0.0.0/33' } }), ValueEncodingError, /prefix length 33 is outside 0..32/],
      [() => build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': { low: 1, high: 2 } } }), EntityError, /is lpm/],
      [() => build.tableEntry({ table: 'acl', priority: 1, match: { 'meta.l4.dstPort': { low: 5, high: 4 } } }), ValueEncodingError, /low 5 is above high 4/],
      [() => build.tableEntry({ table: 'ipv4_lpm', isDefaultAction: true, match: { 'hdr.ipv4.dstAddr': 1 }, action: 'drop' }), EntityError, /default entry of table MyIngress.ipv4_lpm cannot have match fields/],
      [() => build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': 1 }, idleTimeoutNs: 5 }), EntityError, /does not support idle timeouts/],
      [() => build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': 1 }, counterData: {} }), EntityError, /no direct counter/],
      [() => build.tableEntry({ table: 'ecmp', match: { 'hdr.ipv4.dstAddr': 1 }, action: { name: 'set_nhop', params: { port: 1 } } }), EntityError, /uses an action profile/],
      [() => build.counter({ counter: 'service_counter', index: 64 }), ValueEncodingError, /index 64 is outside counter MyIngress.service_counter \(size 64\)/],
      [() => build.register({ register: 'result_slots', value: 2 ** 32 }), ValueEncodingError, /register MyIngress.result_slots: 4294967296 does not fit in bit<32>/],
      [() => build.packetOut(Buffer.alloc(1), {}), EntityError, /packet_out metadata field egress_port is missing/],
      [() => build.packetOut(Buffer.alloc(1), { egress_port: 1, egres: 2 }), P4InfoLookupError, /unknown packet metadata field 'egres'/],
      [() => build.multicastGroup({ groupId: -1, replicas: [] }), ValueEncodingError, /multicast group id: -1 is not an unsigned 32-bit integer/],
    ];
    for (const [fn, type, text] of cases) {
      assert.throws(fn, (e: unknown) => e instanceof type && text.test((e as Error).message), `expected ${type.name} matching ${text}`);
    }
  });
});

describe('p4runtime entity decoders', () => {
  it('decodes a built table entry back to names and values (property)', () => {
    const u = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
    fc.assert(fc.property(u(32), u(32), u(8), u(16), u(16), u(16), u(8), (src, dst, proto, sport, dport, server, core) => {
      const entry = build.tableEntry({
        table: 'redirect',
        match: { 'hdr.ipv4.srcAddr': src, 'hdr.ipv4.dstAddr': dst, 'hdr.ipv4.protocol': proto, 'meta.l4.srcPort': sport, 'meta.l4.dstPort': dport },
        action: { name: 'set_core', params: { server, core } },
      });
      const decoded = decode.tableEntry(entry);
      assert.equal(decoded.table, 'MyIngress.redirect');
      assert.deepEqual(decoded.match, {
        'hdr.ipv4.srcAddr': { kind: 'exact', value: src }, 'hdr.ipv4.dstAddr': { kind: 'exact', value: dst },
        'hdr.ipv4.protocol': { kind: 'exact', value: proto }, 'meta.l4.srcPort': { kind: 'exact', value: sport },
        'meta.l4.dstPort': { kind: 'exact', value: dport },
      });
      assert.deepEqual(decoded.action, { kind: 'action', name: 'MyIngress.set_core', id: IDS.setCore, params: { server, core } });
    }));
  });

  it('decodes other match kinds, entities and digests', () => {
    const acl = decode.tableEntry(build.tableEntry({
      table: 'acl', priority: 5, action: 'drop',
      match: { 'hdr.ipv4.srcAddr': { value: 0x0a000000, mask: 0xff000000 }, 'meta.l4.dstPort': { low: 1, high: 9 }, 'standard_metadata.ingress_port': 2 },
    }));
    assert.deepEqual(acl.match, {
      'hdr.ipv4.srcAddr': { kind: 'ternary', value: 0x0a000000n, mask: 0xff000000n },
      'meta.l4.dstPort': { kind: 'range', low: 1n, high: 9n },
      'standard_metadata.ingress_port': { kind: 'optional', value: 2n },
    });
    const lpm = decode.tableEntry(build.tableEntry({ table: 'ipv4_lpm', match: { 'hdr.ipv4.dstAddr': '10.0.0.0/8' }, action: 'drop' }));
    assert.deepEqual(lpm.match['hdr.ipv4.dstAddr'], { kind: 'lpm', value: 0x0a000000n, prefixLen: 8 });
    assert.deepEqual(decode.entity(build.register({ register: 'result_slots', index: 2, value: 9 })), { kind: 'registerEntry', register: 'MyIngress.result_slots', index: 2n, value: 9n });
    assert.deepEqual(decode.entity(build.multicastGroup({ groupId: 4, replicas: [{ port: 1, instance: 2 }] })),
      { kind: 'multicastGroupEntry', groupId: 4, replicas: [{ port: 1, instance: 2 }], metadata: Buffer.alloc(0) });
    const digest = decode.digestList({
      digestId: IDS.newFlowDigest, listId: 7n, timestamp: 99n,
      data: [{ data: { $case: 'struct', value: { members: [1, 2, 6, 3, 4].map((n) => ({ data: { $case: 'bitstring' as const, value: Buffer.from([n]) } })) } } }],
    });
    assert.equal(digest.digest, 'new_flow_digest_t');
    assert.deepEqual(digest.data, [{ src_addr: 1n, dst_addr: 2n, protocol: 6n, server: 3n, core: 4n }]);
    assert.deepEqual(decode.packetMetadata('packet_in', [{ metadataId: 1, value: Buffer.from([1, 4]) }, { metadataId: 2, value: Buffer.from([9]) }]),
      { ingress_port: 260n, reason: 9n });
  });
});
