// A small V1Switch program written by hand against abi.ts (what the back end generates from
// P4), so the v1model driver is tested without the front end. Header h_t { op, arg, tag }:
//   op 1: unicast to port `arg`            op 2: multicast to group `arg`
//   op 3: clone I2E to session `arg`, unicast to port 1
//   op 4: first pass resubmits preserving meta.count (@field_list(1)) = 7; the resubmitted
//         pass sends to port meta.count
//   op 5: mark_to_drop                     op 6: digest { op, arg } and unicast to port 2
//   op 7: unicast to port 3; egress on port 3 recirculates (preserving nothing); the
//         recirculated pass (instance_type 4 in ingress) goes to port 4
//   op 8: clone E2E to session `arg` in egress, unicast to port 1
//   op 9: truncate(2), unicast to port 1   op 10: count into counter c[arg], write reg[arg] = arg, port 1
// Egress writes tag = instance_type * 16 + egress_rid (low 4 bits).
import type { HeaderType, P4Type, Param, StructType } from '../../../src/sim/ir/types.js';
import type { ArchBinding, CompiledBlock, CompiledProgram, ExternCallSite, ExternFn, HeaderValue, PacketContext, ProgramInstance, TableRuntime, Value } from '../../../src/sim/runtime/abi.js';
import { P4ParserError } from '../../../src/sim/runtime/abi.js';

const bit = (width: number): P4Type => ({ kind: 'bit', width });
const f = (name: string, type: P4Type, fieldList?: number) => ({
  name,
  type,
  annotations: fieldList === undefined ? [] : [{ name: 'field_list', body: String(fieldList), args: [BigInt(fieldList)] }],
});

export const hType: HeaderType = { kind: 'header', name: 'h_t', fields: [f('op', bit(8)), f('arg', bit(8)), f('tag', bit(8))] };
const headersType: StructType = { kind: 'struct', name: 'headers', fields: [f('h', hType)] };
const metaType: StructType = { kind: 'struct', name: 'meta_t', fields: [f('count', bit(8), 1), f('other', bit(8))] };
const errorType: P4Type = { kind: 'error', members: ['NoError', 'PacketTooShort'] };
export const smType: StructType = {
  kind: 'struct',
  name: 'standard_metadata_t',
  fields: [
    f('ingress_port', bit(9)),
    f('egress_spec', bit(9)),
    f('egress_port', bit(9)),
    f('instance_type', bit(32)),
    f('packet_length', bit(32)),
    f('ingress_global_timestamp', bit(48)),
    f('egress_global_timestamp', bit(48)),
    f('mcast_grp', bit(16)),
    f('egress_rid', bit(16)),
    f('checksum_error', bit(1)),
    f('parser_error', errorType),
    f('priority', bit(3)),
  ],
};
const digestType: StructType = { kind: 'struct', name: 'digest_t', fields: [f('op', bit(8)), f('arg', bit(8))] };
const cloneType: P4Type = { kind: 'enum', name: 'CloneType', members: ['I2E', 'E2E'] };

const p = (name: string, type: P4Type, direction: Param['direction'] = 'inout'): Param => ({ name, type, direction, annotations: [] });
const site = (method: string, argTypes: P4Type[], typeArgs: P4Type[] = []): ExternCallSite => ({ method, params: [], argTypes, typeArgs, location: 'hand.p4:1:1' });

type S = Record<string, Value>;

export function handProgram(): CompiledProgram {
  return {
    packageName: 'V1Switch',
    errors: ['NoError', 'PacketTooShort'],
    instantiate(arch: ArchBinding): ProgramInstance {
      const extract = arch.bindParameterMethod('packet_in', site('extract', [hType], [hType]));
      const emit = arch.bindParameterMethod('packet_out', site('emit', [hType], [hType]));
      const markToDrop = arch.bindFunction(site('mark_to_drop', [smType]));
      const clone = arch.bindFunction(site('clone', [cloneType, bit(32)]));
      const resubmit = arch.bindFunction(site('resubmit_preserving_field_list', [bit(8)]));
      const recirculate = arch.bindFunction(site('recirculate_preserving_field_list', [bit(8)]));
      const digest = arch.bindFunction(site('digest', [bit(32), digestType], [digestType]));
      const truncate = arch.bindFunction(site('truncate', [bit(32)]));
      const counterSpec = { type: 'counter', name: 'ingress.c', typeArgs: [], ctorArgs: [8, 2], ctorParams: [], annotations: [] };
      const registerSpec = { type: 'register', name: 'ingress.reg', typeArgs: [bit(8)], ctorArgs: [8], ctorParams: [], annotations: [] };
      const counter = arch.instantiate(counterSpec);
      const register = arch.instantiate(registerSpec);
      const count: ExternFn = counter.bindMethod(site('count', [bit(32)]));
      const write: ExternFn = register.bindMethod(site('write', [bit(32), bit(8)]));

      const block = (kind: 'parser' | 'control', name: string, params: Param[], run: (args: Value[], ctx: PacketContext) => number): CompiledBlock => ({
        kind,
        typeName: name,
        instanceName: name,
        params,
        run,
      });
      const parser = block('parser', 'P', [p('b', { kind: 'extern', name: 'packet_in', typeArgs: [] }, 'none'), p('hdr', headersType, 'out'), p('meta', metaType), p('sm', smType)], (args, ctx) => {
        // hdr is `out`: the caller passes nothing (abi.ts); it starts as the zero value, h invalid.
        const hdr: S = { h: { $valid: false, op: 0, arg: 0, tag: 0 } };
        args[1] = hdr;
        const a: Value[] = [undefined as unknown as Value];
        try {
          extract(a, ctx);
        } catch (e) {
          if (e instanceof P4ParserError) return 1;
          throw e;
        }
        hdr.h = a[0]!;
        return 0;
      });
      const verify = block('control', 'V', [p('hdr', headersType), p('meta', metaType)], () => 0);
      const ingress = block('control', 'I', [p('hdr', headersType), p('meta', metaType), p('sm', smType)], (args, ctx) => {
        const h = (args[0] as S).h as HeaderValue;
        const meta = args[1] as S;
        const sm = args[2] as S;
        if (!h.$valid) {
          sm.egress_spec = 9;
          return 0;
        }
        const arg = h.arg as number;
        switch (h.op) {
          case 1:
            sm.egress_spec = arg;
            break;
          case 2:
            sm.mcast_grp = arg;
            break;
          case 3:
            clone([0, arg], ctx);
            sm.egress_spec = 1;
            break;
          case 4:
            if (sm.instance_type === 0) {
              meta.count = 7;
              meta.other = 9;
              resubmit([1], ctx);
            } else {
              sm.egress_spec = (meta.count as number) + (meta.other as number);
            }
            break;
          case 5: {
            const a: Value[] = [sm];
            markToDrop(a, ctx);
            args[2] = a[0]!;
            break;
          }
          case 6:
            digest([1, { op: h.op, arg }], ctx);
            sm.egress_spec = 2;
            break;
          case 7:
            sm.egress_spec = sm.instance_type === 4 ? 4 : 3;
            break;
          case 9:
            truncate([2], ctx);
            sm.egress_spec = 1;
            break;
          case 10:
            count([arg], ctx);
            write([arg, arg], ctx);
            sm.egress_spec = 1;
            break;
          default:
            sm.egress_spec = 1;
        }
        return 0;
      });
      const egress = block('control', 'E', [p('hdr', headersType), p('meta', metaType), p('sm', smType)], (args, ctx) => {
        const h = (args[0] as S).h as HeaderValue;
        const sm = args[2] as S;
        h.tag = ((sm.instance_type as number) * 16 + ((sm.egress_rid as number) & 15)) & 0xff;
        if (h.op === 7 && sm.egress_port === 3) recirculate([0], ctx);
        if (h.op === 8 && sm.instance_type === 0) clone([1, h.arg!], ctx);
        return 0;
      });
      const compute = block('control', 'C', [p('hdr', headersType), p('meta', metaType)], () => 0);
      const deparser = block('control', 'D', [p('b', { kind: 'extern', name: 'packet_out', typeArgs: [] }, 'none'), p('hdr', headersType, 'in')], (args, ctx) => {
        emit([(args[1] as S).h!], ctx);
        return 0;
      });
      return {
        blocks: [parser, verify, ingress, egress, compute, deparser],
        tables: new Map<string, TableRuntime>(),
        externs: new Map([
          ['ingress.c', counter],
          ['ingress.reg', register],
        ]),
        valueSets: new Map(),
      };
    },
  };
}
