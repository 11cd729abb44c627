// The contract between the simulator's compiled P4 code (src/sim/backend), the
// architecture that runs it (src/sim/arch/*) and the run-time library (src/sim/runtime).
//
// Run-time value representation (chosen for speed: most P4 fields fit a JS number):
//   bit<W>, W <= 32 ........ number, 0 <= v < 2^W (kept normalised with `>>> 0` / masks)
//   bit<W>, W > 32 ......... bigint, 0n <= v < 2^W
//   int<W>, W <= 32 ........ number, -2^(W-1) <= v < 2^(W-1)
//   int<W>, W > 32 ......... bigint, same range
//   serializable enum ...... as its underlying bit<W>/int<W>
//   type T (newtype) ....... as its underlying type
//   bool ................... boolean
//   error, plain enum, match_kind: number, the member's index in declaration order
//   varbit<M> .............. VarbitValue
//   header ................. HeaderValue (fields by name + `$valid`)
//   header union ........... object with one HeaderValue per member
//   struct ................. object with one property per field
//   header stack ........... StackValue
//   tuple / list ........... Value[]
//   string ................. string (log_msg formats, annotations)
// Uninitialised values read as 0 / false / invalid, as BMv2 does.

import type { Annotation, P4Type, Param } from '../ir/types.js';

export type Bits = number | bigint;

export interface VarbitValue { width: number; value: bigint }

export interface HeaderValue {
  $valid: boolean;
  [field: string]: Value;
}

export interface StackValue {
  /** Index of the next element `extract` writes (`.next`); `lastIndex` is nextIndex - 1. */
  nextIndex: number;
  elements: HeaderValue[];
}

export type Value =
  | number
  | bigint
  | boolean
  | string
  | VarbitValue
  | HeaderValue
  | StackValue
  | Value[]
  | { [field: string]: Value };

/** Thrown by parser code (extract, verify, select with no match) and caught by the parser driver. */
export class P4ParserError extends Error {
  constructor(readonly errorName: string) {
    super(`parser error: ${errorName}`);
    this.name = 'P4ParserError';
  }
}

/** Thrown when a program's `assert`/`assume` fails or a run-time check trips. */
export class P4RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'P4RuntimeError';
  }
}

// ---------------------------------------------------------------------------
// Externs. Compiled code never touches an extern's state directly: at compile time it
// asks the architecture to bind each call site (knowing every argument's type), and at
// run time calls the bound function. Arguments follow P4's copy-in/copy-out rule:
// `args[i]` holds the value of each `in`/`inout` argument (undefined for `out`); the
// function writes the new value of every `out`/`inout` argument into `args[i]`, and the
// caller copies those back to their l-values after the call.
// ---------------------------------------------------------------------------

/** Per-packet state an architecture threads through compiled code (standard metadata, digests, ...). */
export interface PacketContext {
  /** Architecture-specific state; v1model keeps its packet-level side effects here. */
  readonly arch: unknown;
  /** The switch time of this pass (ns), which table lookups record as hit times; absent: the clock is read. */
  readonly nowNs?: bigint;
}

export type ExternFn = (args: Value[], ctx: PacketContext) => Value | undefined;

export interface ExternCallSite {
  /** Method or function name (`read`, `count`, `hash`, `mark_to_drop`, `extract`, ...). */
  readonly method: string;
  /** The callee's declared parameters (directions and declared types, type variables bound). */
  readonly params: readonly Param[];
  /** The actual type of every argument at this call site, in parameter order. */
  readonly argTypes: readonly P4Type[];
  /** Type arguments of a generic method or function, explicit or inferred. */
  readonly typeArgs: readonly P4Type[];
  /** `file:line:col` of the call, for error messages. */
  readonly location: string;
}

export interface ExternInstanceSpec {
  /** Extern type name (`register`, `counter`, `direct_counter`, `meter`, `Checksum16`, ...). */
  readonly type: string;
  /** Fully qualified instance name as P4Info names it (`MyIngress.reg`). */
  readonly name: string;
  readonly typeArgs: readonly P4Type[];
  /** Constructor arguments after constant folding (sizes, CounterType/MeterType members as numbers). */
  readonly ctorArgs: readonly Value[];
  readonly ctorParams: readonly Param[];
  readonly annotations: readonly Annotation[];
}

export interface ExternInstance {
  readonly spec: ExternInstanceSpec;
  bindMethod(site: ExternCallSite): ExternFn;
}

/** What an architecture offers compiled code: extern objects and extern functions. */
export interface ArchBinding {
  instantiate(spec: ExternInstanceSpec): ExternInstance;
  bindFunction(site: ExternCallSite): ExternFn;
  /**
   * Methods on extern-typed block parameters (packet_in.extract, packet_out.emit): the
   * architecture owns the one object of that type per packet and finds it through ctx.
   */
  bindParameterMethod(type: string, site: ExternCallSite): ExternFn;
}

// ---------------------------------------------------------------------------
// Tables. The run-time library owns entry storage and matching; compiled code owns key
// evaluation and action dispatch; control planes (STF runner, P4Runtime server) add,
// modify and delete entries through the same object.
// ---------------------------------------------------------------------------

export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional' | 'selector';

export interface TableKeySpec {
  /** Key name as P4Info names it (the `@name` annotation, else the expression text). */
  readonly name: string;
  readonly matchKind: MatchKind;
  /** Bit width of the key (bool keys have width 1). */
  readonly width: number;
  readonly annotations: readonly Annotation[];
}

export interface TableActionSpec {
  /** Fully qualified action name. */
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly width: number }[];
  /** From `@tableonly` / `@defaultonly`. */
  readonly scope: 'table_and_default' | 'table_only' | 'default_only';
  readonly annotations: readonly Annotation[];
}

/** A key field of an entry. Values are unsigned bit patterns of the key's width. */
export type FieldMatch =
  | { readonly kind: 'exact'; readonly value: bigint }
  | { readonly kind: 'lpm'; readonly value: bigint; readonly prefixLength: number }
  | { readonly kind: 'ternary'; readonly value: bigint; readonly mask: bigint }
  | { readonly kind: 'range'; readonly low: bigint; readonly high: bigint }
  /** `optional`: an absent value is a wildcard. */
  | { readonly kind: 'optional'; readonly value: bigint | undefined };

export interface ActionCall {
  /** Fully qualified action name. */
  readonly action: string;
  /** One unsigned value per action parameter, in declaration order. */
  readonly args: readonly bigint[];
}

export interface TableEntry {
  /** One match per key, in key order. A ternary/range/optional key left as a wildcard still has an entry here. */
  readonly matches: readonly FieldMatch[];
  /** Higher wins among ternary/range/optional matches (P4Runtime semantics). */
  readonly priority: number;
  readonly action: ActionCall;
  /** Idle timeout in nanoseconds, 0 for none. */
  readonly idleTimeoutNs: bigint;
  readonly controllerMetadata: bigint;
}

/** A stored entry with its run-time state. */
export interface StoredEntry extends TableEntry {
  /** Stable handle for the entry while it exists. */
  readonly handle: number;
  /** Time of the last hit, ns on the switch clock (for idle timeouts). */
  lastHitNs: bigint;
  /** Direct counter cells, if the table has a direct counter. */
  packets: bigint;
  bytes: bigint;
  /** Direct meter state, if the table has a direct meter (owned by the meter implementation). */
  meterState?: unknown;
}

export interface TableSpec {
  /** Fully qualified table name (`MyIngress.redirect`). */
  readonly name: string;
  readonly keys: readonly TableKeySpec[];
  readonly actions: readonly TableActionSpec[];
  readonly size: number;
  readonly defaultAction: ActionCall;
  /** `const default_action`: the control plane may not change it. */
  readonly defaultActionConst: boolean;
  /** `const entries`: the control plane may not add, change or remove entries. */
  readonly entriesConst: boolean;
  readonly constEntries: readonly TableEntry[];
  readonly supportsIdleTimeout: boolean;
  readonly directCounter?: string;
  readonly directMeter?: string;
  readonly annotations: readonly Annotation[];
}

export interface LookupResult {
  readonly hit: boolean;
  /** Index of the action in `spec.actions`. */
  readonly actionIndex: number;
  readonly args: readonly Bits[];
  /** The entry that matched, undefined on a miss. */
  readonly entry: StoredEntry | undefined;
}

/** Why a control-plane operation on a table was refused. */
export type TableErrorCode =
  | 'ALREADY_EXISTS'
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'OUT_OF_RANGE'
  | 'PERMISSION_DENIED';

export class TableError extends Error {
  constructor(readonly code: TableErrorCode, message: string) {
    super(message);
    this.name = 'TableError';
  }
}

export interface TableRuntime {
  readonly spec: TableSpec;
  /** Keys in run-time representation (number for width <= 32, bigint above; booleans for bool keys). */
  lookup(keys: readonly (Bits | boolean)[], nowNs: bigint): LookupResult;
  insert(entry: TableEntry): StoredEntry;
  modify(entry: TableEntry): StoredEntry;
  delete(matches: readonly FieldMatch[], priority: number): StoredEntry;
  find(matches: readonly FieldMatch[], priority: number): StoredEntry | undefined;
  entries(): Iterable<StoredEntry>;
  readonly entryCount: number;
  setDefaultAction(call: ActionCall): void;
  readonly defaultAction: ActionCall;
  clear(): void;
}

// ---------------------------------------------------------------------------
// Compiled programs. The back end turns a checked program into a CompiledProgram; an
// architecture instantiates it with its extern bindings and drives the blocks that the
// program's `main` package instantiation names.
// ---------------------------------------------------------------------------

export interface CompiledBlock {
  readonly kind: 'parser' | 'control';
  /** Type name of the parser or control (`MyIngress`); instance name is `instanceName`. */
  readonly typeName: string;
  readonly instanceName: string;
  readonly params: readonly Param[];
  /**
   * Runs the block on `args` (copy-in/copy-out as for externs; extern-typed parameters such
   * as packet_in are reached through the context, so their slot is undefined). A parser
   * returns the index of the error it ended with in the program's error type (0 = NoError),
   * after P4's rule that a parser error leaves its out parameters as they were at the
   * error; a control returns 0.
   */
  run(args: Value[], ctx: PacketContext): number;
}

export interface ProgramInstance {
  /** The blocks passed to `main`, in the package's parameter order. */
  readonly blocks: readonly CompiledBlock[];
  /** Every table, by fully qualified name. */
  readonly tables: ReadonlyMap<string, TableRuntime>;
  /** Every extern object instance, by fully qualified name. */
  readonly externs: ReadonlyMap<string, ExternInstance>;
  /** Value sets (`value_set<T>(n)`), by fully qualified name: the control plane edits their members. */
  readonly valueSets: ReadonlyMap<string, ValueSetRuntime>;
}

export interface ValueSetRuntime {
  readonly name: string;
  readonly size: number;
  readonly width: number;
  members: FieldMatch[][];
}

export interface CompiledProgram {
  /** Name of the package type `main` instantiates (`V1Switch`). */
  readonly packageName: string;
  /** The error type's members, so architectures can name parser errors. */
  readonly errors: readonly string[];
  instantiate(arch: ArchBinding): ProgramInstance;
}
