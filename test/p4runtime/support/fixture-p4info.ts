// A small but realistic P4Info, shaped like what p4c writes for a v1model load balancer:
// tables of every match kind, actions with params, a direct counter and meter, an indirect
// counter and meter, a register, a digest with type info, packet_in/packet_out headers,
// a value set and an action selector. Ids follow the P4Runtime prefix convention.
import {
  ActionRef_Scope,
  CounterSpec_Unit,
  MatchField_MatchType,
  MeterSpec_Unit,
  P4Info,
  Table_IdleTimeoutBehavior,
} from '../../../src/proto/p4/config/v1/p4info.js';

export const IDS = {
  noAction: 0x01000001,
  drop: 0x01000002,
  ipv4Forward: 0x01000003,
  setCore: 0x01000004,
  sendToCpu: 0x01000005,
  setNhop: 0x01000006,
  ipv4Lpm: 0x02000001,
  redirect: 0x02000002,
  acl: 0x02000003,
  ipv6Route: 0x02000004,
  ecmp: 0x02000005,
  trustedPorts: 0x03000001,
  packetIn: 0x04000001,
  packetOut: 0x04000002,
  ecmpSelector: 0x11000001,
  serviceCounter: 0x12000001,
  redirectCounter: 0x13000001,
  rateMeter: 0x14000001,
  aclMeter: 0x15000001,
  resultSlots: 0x16000001,
  newFlowDigest: 0x17000001,
} as const;

function preamble(id: number, name: string, alias: string, annotations: string[] = []) {
  return { id, name, alias, annotations, annotationLocations: [], structuredAnnotations: [] };
}

function field(id: number, name: string, bitwidth: number, kind: MatchField_MatchType) {
  return {
    id, name, bitwidth, annotations: [], annotationLocations: [], structuredAnnotations: [],
    match: { $case: 'matchType' as const, value: kind },
  };
}

function param(id: number, name: string, bitwidth: number) {
  return { id, name, bitwidth, annotations: [], annotationLocations: [], structuredAnnotations: [] };
}

function packetField(id: number, name: string, bitwidth: number, annotations: string[] = []) {
  return { id, name, bitwidth, annotations, annotationLocations: [], structuredAnnotations: [] };
}

function ref(id: number, scope = ActionRef_Scope.TABLE_AND_DEFAULT) {
  return { id, scope, annotations: [], annotationLocations: [], structuredAnnotations: [] };
}

function bits(bitwidth: number) {
  return {
    typeSpec: {
      $case: 'bitstring' as const,
      value: { typeSpec: { $case: 'bit' as const, value: { bitwidth } }, annotations: [], annotationLocations: [], structuredAnnotations: [] },
    },
  };
}

function table(id: number, name: string, alias: string, matchFields: ReturnType<typeof field>[], actionRefs: ReturnType<typeof ref>[], extra: Record<string, unknown> = {}) {
  return {
    preamble: preamble(id, name, alias), matchFields, actionRefs, constDefaultActionId: 0, implementationId: 0,
    directResourceIds: [], size: 1024n, idleTimeoutBehavior: Table_IdleTimeoutBehavior.NO_TIMEOUT,
    isConstTable: false, hasInitialEntries: false, ...extra,
  };
}

export function buildFixtureP4Info(): P4Info {
  return P4Info.fromPartial({
    pkgInfo: { arch: 'v1model', name: 'fixture.p4' },
    tables: [
      table(IDS.ipv4Lpm, 'MyIngress.ipv4_lpm', 'ipv4_lpm',
        [field(1, 'hdr.ipv4.dstAddr', 32, MatchField_MatchType.LPM)],
        [ref(IDS.ipv4Forward), ref(IDS.drop), ref(IDS.noAction, ActionRef_Scope.DEFAULT_ONLY)]),
      table(IDS.redirect, 'MyIngress.redirect', 'redirect', [
        field(1, 'hdr.ipv4.srcAddr', 32, MatchField_MatchType.EXACT),
        field(2, 'hdr.ipv4.dstAddr', 32, MatchField_MatchType.EXACT),
        field(3, 'hdr.ipv4.protocol', 8, MatchField_MatchType.EXACT),
        field(4, 'meta.l4.srcPort', 16, MatchField_MatchType.EXACT),
        field(5, 'meta.l4.dstPort', 16, MatchField_MatchType.EXACT),
      ], [ref(IDS.setCore, ActionRef_Scope.TABLE_ONLY), ref(IDS.noAction)], {
        idleTimeoutBehavior: Table_IdleTimeoutBehavior.NOTIFY_CONTROL,
        directResourceIds: [IDS.redirectCounter],
        size: 65536n,
      }),
      table(IDS.acl, 'MyIngress.acl', 'acl', [
        field(1, 'hdr.ethernet.etherType', 16, MatchField_MatchType.TERNARY),
        field(2, 'hdr.ipv4.srcAddr', 32, MatchField_MatchType.TERNARY),
        field(3, 'meta.l4.dstPort', 16, MatchField_MatchType.RANGE),
        field(4, 'standard_metadata.ingress_port', 9, MatchField_MatchType.OPTIONAL),
        field(5, 'hdr.ethernet.dstAddr', 48, MatchField_MatchType.TERNARY),
      ], [ref(IDS.drop), ref(IDS.sendToCpu), ref(IDS.noAction)], { directResourceIds: [IDS.aclMeter] }),
      table(IDS.ipv6Route, 'MyIngress.ipv6_route', 'ipv6_route',
        [field(1, 'hdr.ipv6.dstAddr', 128, MatchField_MatchType.LPM)],
        [ref(IDS.setNhop), ref(IDS.drop)]),
      table(IDS.ecmp, 'MyIngress.ecmp', 'ecmp',
        [field(1, 'hdr.ipv4.dstAddr', 32, MatchField_MatchType.EXACT)],
        [ref(IDS.setNhop)], { implementationId: IDS.ecmpSelector }),
    ],
    actions: [
      { preamble: preamble(IDS.noAction, 'NoAction', 'NoAction', ['@noWarn("unused")']), params: [] },
      { preamble: preamble(IDS.drop, 'MyIngress.drop', 'drop'), params: [] },
      { preamble: preamble(IDS.ipv4Forward, 'MyIngress.ipv4_forward', 'ipv4_forward'), params: [param(1, 'dstAddr', 48), param(2, 'port', 9)] },
      { preamble: preamble(IDS.setCore, 'MyIngress.set_core', 'set_core'), params: [param(1, 'server', 16), param(2, 'core', 8)] },
      { preamble: preamble(IDS.sendToCpu, 'MyIngress.send_to_cpu', 'send_to_cpu'), params: [] },
      { preamble: preamble(IDS.setNhop, 'MyIngress.set_nhop', 'set_nhop'), params: [param(1, 'port', 9)] },
    ],
    actionProfiles: [
      { preamble: preamble(IDS.ecmpSelector, 'MyIngress.ecmp_selector', 'ecmp_selector'), tableIds: [IDS.ecmp], withSelector: true, size: 128n, maxGroupSize: 16 },
    ],
    counters: [
      { preamble: preamble(IDS.serviceCounter, 'MyIngress.service_counter', 'service_counter'), spec: { unit: CounterSpec_Unit.BOTH }, size: 64n },
    ],
    directCounters: [
      { preamble: preamble(IDS.redirectCounter, 'MyIngress.redirect_counter', 'redirect_counter'), spec: { unit: CounterSpec_Unit.BOTH }, directTableId: IDS.redirect },
    ],
    meters: [
      { preamble: preamble(IDS.rateMeter, 'MyIngress.rate_meter', 'rate_meter'), spec: { unit: MeterSpec_Unit.BYTES }, size: 16n },
    ],
    directMeters: [
      { preamble: preamble(IDS.aclMeter, 'MyIngress.acl_meter', 'acl_meter'), spec: { unit: MeterSpec_Unit.PACKETS }, directTableId: IDS.acl },
    ],
    controllerPacketMetadata: [
      {
        preamble: preamble(IDS.packetIn, 'packet_in', 'packet_in', ['@controller_header("packet_in")']),
        metadata: [
          packetField(1, 'ingress_port', 9), packetField(2, 'reason', 8), packetField(3, '_pad', 7, ['@padding']),
        ],
      },
      {
        preamble: preamble(IDS.packetOut, 'packet_out', 'packet_out', ['@controller_header("packet_out")']),
        metadata: [
          packetField(1, 'egress_port', 9), packetField(2, '_pad', 7, ['@padding']),
        ],
      },
    ],
    valueSets: [
      { preamble: preamble(IDS.trustedPorts, 'MyParser.trusted_ports', 'trusted_ports'), match: [field(1, 'port', 16, MatchField_MatchType.EXACT)], size: 8 },
    ],
    registers: [
      { preamble: preamble(IDS.resultSlots, 'MyIngress.result_slots', 'result_slots'), typeSpec: bits(32), size: 1024 },
    ],
    digests: [
      { preamble: preamble(IDS.newFlowDigest, 'new_flow_digest_t', 'new_flow_digest_t'), typeSpec: { typeSpec: { $case: 'struct', value: { name: 'new_flow_digest_t' } } } },
    ],
    typeInfo: {
      structs: {
        new_flow_digest_t: {
          members: [
            { name: 'src_addr', typeSpec: bits(32) },
            { name: 'dst_addr', typeSpec: bits(32) },
            { name: 'protocol', typeSpec: bits(8) },
            { name: 'server', typeSpec: bits(16) },
            { name: 'core', typeSpec: bits(8) },
          ],
          annotations: [], annotationLocations: [], structuredAnnotations: [],
        },
      },
    },
  });
}
