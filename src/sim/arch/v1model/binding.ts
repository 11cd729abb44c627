// The v1model ArchBinding: creates v1model's extern objects, binds extern functions and the
// packet_in/packet_out methods, and keeps every stateful instance by name for control planes.

import type { ArchBinding, ExternCallSite, ExternFn, ExternInstance, ExternInstanceSpec, TableRuntime } from '../../runtime/abi.js';
import { bindPacketInMethod } from '../../runtime/packet-in.js';
import { bindPacketOutMethod } from '../../runtime/packet-out.js';
import {
  ActionProfileInstance,
  Checksum16Instance,
  CounterInstance,
  DirectCounterInstance,
  DirectMeterInstance,
  type ExternHost,
  MeterInstance,
  RegisterInstance,
  V1ModelError,
} from './extern-objects.js';
import { bindV1ModelFunction, type FunctionHost } from './extern-functions.js';
import { v1State } from './packet-state.js';

export class V1ModelBinding implements ArchBinding, ExternHost {
  readonly registers = new Map<string, RegisterInstance>();
  readonly counters = new Map<string, CounterInstance>();
  readonly directCounters = new Map<string, DirectCounterInstance>();
  readonly meters = new Map<string, MeterInstance>();
  readonly directMeters = new Map<string, DirectMeterInstance>();
  private readonly directOwners = new Map<string, string>();

  constructor(
    private readonly clock: () => bigint,
    private readonly functions: FunctionHost,
  ) {}

  nowNs(): bigint {
    return this.clock();
  }

  /** Records which table owns each direct counter and meter (known once tables exist). */
  attachTables(tables: Iterable<TableRuntime>): void {
    for (const table of tables) {
      if (table.spec.directCounter !== undefined) this.directOwners.set(table.spec.directCounter, table.spec.name);
      if (table.spec.directMeter !== undefined) this.directOwners.set(table.spec.directMeter, table.spec.name);
    }
  }

  tableOfDirect(externName: string): string | undefined {
    return this.directOwners.get(externName);
  }

  instantiate(spec: ExternInstanceSpec): ExternInstance {
    switch (spec.type) {
      case 'register': {
        const r = new RegisterInstance(spec);
        this.registers.set(spec.name, r);
        return r;
      }
      case 'counter': {
        const c = new CounterInstance(spec);
        this.counters.set(spec.name, c);
        return c;
      }
      case 'direct_counter': {
        const c = new DirectCounterInstance(spec);
        this.directCounters.set(spec.name, c);
        return c;
      }
      case 'meter': {
        const m = new MeterInstance(spec, this);
        this.meters.set(spec.name, m);
        return m;
      }
      case 'direct_meter': {
        const m = new DirectMeterInstance(spec, this);
        this.directMeters.set(spec.name, m);
        return m;
      }
      case 'Checksum16':
        return new Checksum16Instance(spec);
      case 'action_profile':
      case 'action_selector':
        this.functions.log(`${spec.name}: ${spec.type} is ignored: its tables run as plain tables`);
        return new ActionProfileInstance(spec);
      default:
        throw new V1ModelError(`${spec.name}: unsupported: extern ${spec.type} on the v1model simulator`);
    }
  }

  bindFunction(site: ExternCallSite): ExternFn {
    return bindV1ModelFunction(site, this.functions);
  }

  bindParameterMethod(type: string, site: ExternCallSite): ExternFn {
    if (type === 'packet_in') return bindPacketInMethod(site, (ctx) => v1State(ctx).packetIn);
    if (type === 'packet_out') {
      return bindPacketOutMethod(site, (ctx) => {
        const out = v1State(ctx).packetOut;
        if (out === undefined) throw new V1ModelError(`${site.location}: packet_out used outside the deparser`);
        return out;
      });
    }
    throw new V1ModelError(`${site.location}: unsupported: methods of extern parameter type ${type}`);
  }
}
