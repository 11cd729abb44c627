// v1model's extern objects: register, counter, direct_counter, meter, direct_meter and the
// deprecated Checksum16. Each instance owns its state (from src/sim/runtime) and binds the
// call sites compiled code makes on it. action_profile/action_selector are inert.

import type { P4Type } from '../../ir/types.js';
import { bitWidthOf } from '../../ir/types.js';
import type { ExternCallSite, ExternFn, ExternInstance, ExternInstanceSpec, Value } from '../../runtime/abi.js';
import { CounterArray, COUNTER_TYPES, type CounterType } from '../../runtime/counter.js';
import { csum16 } from '../../runtime/hash.js';
import { METER_GREEN, MeterArray, METER_TYPES, type MeterState, type MeterType } from '../../runtime/meter.js';
import { RegisterArray } from '../../runtime/register.js';
import { BitWriter } from '../../runtime/bit-buffer.js';
import { bigintFromValue, bitsFromBigint, compileWriter, representationOf, serializeInto, zeroValue } from '../../runtime/value-codec.js';
import { v1State } from './packet-state.js';

export class V1ModelError extends Error {
  readonly code = 'V1MODEL';
  constructor(message: string) {
    super(message);
    this.name = 'V1ModelError';
  }
}

/** Clock and table lookups the extern objects need from the pipeline. */
export interface ExternHost {
  nowNs(): bigint;
  /** Name of the table that declares this direct counter or meter, if any. */
  tableOfDirect(externName: string): string | undefined;
}

function numberArg(value: Value | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new V1ModelError(`expected a number, got ${typeof value}`);
}

/** Converts a number/bigint to the representation of `type` (number up to 32 bits). */
export function toRepresentation(value: bigint, type: P4Type): Value {
  const t = representationOf(type);
  if (t.kind === 'bool') return value !== 0n;
  if (t.kind === 'bit') return bitsFromBigint(BigInt.asUintN(t.width, value), t.width);
  if (t.kind === 'int') {
    const signed = BigInt.asIntN(t.width, value);
    return t.width <= 32 ? Number(signed) : signed;
  }
  throw new V1ModelError(`cannot store a number in a value of type ${t.kind}`);
}

function enumMember(spec: ExternInstanceSpec, arg: Value | undefined, names: readonly string[], what: string): string {
  const index = numberArg(arg);
  const name = names[index];
  if (name === undefined) throw new V1ModelError(`${spec.name}: ${what} ${index} is not one of ${names.join(', ')}`);
  return name;
}

function unsupportedMethod(spec: ExternInstanceSpec, site: ExternCallSite): never {
  throw new V1ModelError(`${site.location}: ${spec.type} ${spec.name} has no method ${site.method}`);
}

export class RegisterInstance implements ExternInstance {
  readonly cells: RegisterArray;

  constructor(readonly spec: ExternInstanceSpec) {
    const cellType = spec.typeArgs[0];
    if (cellType === undefined) throw new V1ModelError(`register ${spec.name} needs a cell type`);
    const width = bitWidthOf(cellType);
    this.cells = new RegisterArray(
      spec.name,
      numberArg(spec.ctorArgs[0]),
      width,
      zeroValue(cellType),
      (v) => bigintFromValue(v, width),
      (b) => toRepresentation(b, cellType),
    );
  }

  bindMethod(site: ExternCallSite): ExternFn {
    const cells = this.cells;
    switch (site.method) {
      case 'read':
        return (args) => {
          args[0] = cells.read(numberArg(args[1]));
          return undefined;
        };
      case 'write':
        return (args) => {
          cells.write(numberArg(args[0]), args[1]!);
          return undefined;
        };
      default:
        return unsupportedMethod(this.spec, site);
    }
  }
}

export class CounterInstance implements ExternInstance {
  readonly cells: CounterArray;

  constructor(readonly spec: ExternInstanceSpec) {
    const type = enumMember(spec, spec.ctorArgs[1], COUNTER_TYPES, 'counter type') as CounterType;
    this.cells = new CounterArray(spec.name, numberArg(spec.ctorArgs[0]), type);
  }

  bindMethod(site: ExternCallSite): ExternFn {
    if (site.method !== 'count') return unsupportedMethod(this.spec, site);
    const cells = this.cells;
    return (args, ctx) => {
      cells.count(numberArg(args[0]), v1State(ctx).ingressLength);
      return undefined;
    };
  }
}

/**
 * A direct counter: its cells live on the entries of its table, counted on every hit by the
 * pipeline's hit listener (BMv2 counts hits whether or not the action calls count()).
 */
export class DirectCounterInstance implements ExternInstance {
  readonly type: CounterType;

  constructor(readonly spec: ExternInstanceSpec) {
    this.type = enumMember(spec, spec.ctorArgs[0], COUNTER_TYPES, 'counter type') as CounterType;
  }

  bindMethod(site: ExternCallSite): ExternFn {
    if (site.method !== 'count') return unsupportedMethod(this.spec, site);
    return () => undefined;
  }
}

export class MeterInstance implements ExternInstance {
  readonly cells: MeterArray;

  constructor(
    readonly spec: ExternInstanceSpec,
    private readonly host: ExternHost,
  ) {
    const type = enumMember(spec, spec.ctorArgs[1], METER_TYPES, 'meter type') as MeterType;
    this.cells = new MeterArray(spec.name, numberArg(spec.ctorArgs[0]), type);
  }

  bindMethod(site: ExternCallSite): ExternFn {
    if (site.method !== 'execute_meter') return unsupportedMethod(this.spec, site);
    const resultType = site.argTypes[1]!;
    const colors = [0n, 1n, 2n].map((c) => toRepresentation(c, resultType));
    const cells = this.cells;
    const host = this.host;
    return (args, ctx) => {
      args[1] = colors[cells.execute(numberArg(args[0]), v1State(ctx).ingressLength, host.nowNs())]!;
      return undefined;
    };
  }
}

/** A direct meter: per-entry state (StoredEntry.meterState) of the table that names it. */
export class DirectMeterInstance implements ExternInstance {
  readonly type: MeterType;

  constructor(
    readonly spec: ExternInstanceSpec,
    private readonly host: ExternHost,
  ) {
    this.type = enumMember(spec, spec.ctorArgs[0], METER_TYPES, 'meter type') as MeterType;
  }

  bindMethod(site: ExternCallSite): ExternFn {
    if (site.method !== 'read') return unsupportedMethod(this.spec, site);
    const resultType = site.argTypes[0]!;
    const colors = [0n, 1n, 2n].map((c) => toRepresentation(c, resultType));
    const host = this.host;
    const name = this.spec.name;
    const packets = this.type === 'packets';
    return (args, ctx) => {
      const state = v1State(ctx);
      const table = host.tableOfDirect(name);
      const entry = table === undefined ? undefined : state.hitOf(table);
      const meter = entry?.meterState as MeterState | undefined;
      // A miss, or an entry whose meter the control plane never configured, is GREEN (BMv2).
      const color = meter === undefined ? METER_GREEN : meter.execute(packets ? 1 : state.ingressLength, host.nowNs());
      args[0] = colors[color]!;
      return undefined;
    };
  }
}

/** The deprecated P4_14-era Checksum16 extern: get(data) is the Internet checksum of data. */
export class Checksum16Instance implements ExternInstance {
  constructor(readonly spec: ExternInstanceSpec) {}

  bindMethod(site: ExternCallSite): ExternFn {
    if (site.method !== 'get') return unsupportedMethod(this.spec, site);
    const write = compileWriter(site.argTypes[0]!, { skipInvalidHeaders: true });
    const writer = new BitWriter(64);
    return (args) => csum16(serializeInto(writer, write, args[0]!));
  }
}

/**
 * action_profile and action_selector: tables that name them as `implementation` run as plain
 * tables (the front end warns that the property is ignored); the instance itself has no
 * methods and no state here.
 */
export class ActionProfileInstance implements ExternInstance {
  constructor(readonly spec: ExternInstanceSpec) {}

  bindMethod(site: ExternCallSite): ExternFn {
    return unsupportedMethod(this.spec, site);
  }
}
