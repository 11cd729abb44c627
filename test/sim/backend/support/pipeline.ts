// Runs a test program (parser P, control C, deparser D of the test package `Pipe`) on one
// packet with the test harness, the way an architecture would drive the compiled blocks.

import type { CheckedProgram } from '../../../../src/sim/frontend/checked-program.js';
import { frontendSource } from '../../../../src/sim/frontend/frontend.js';
import { compileProgram } from '../../../../src/sim/backend/compile.js';
import { defaultMaker } from '../../../../src/sim/backend/values.js';
import type { ProgramInstance, Value } from '../../../../src/sim/runtime/abi.js';
import { emittedHex, packetContext, TestArch } from './test-arch.js';
import { ScanTable } from './test-tables.js';

/** Declarations every test program starts with: the test architecture and its externs. */
export const PRELUDE = `
#include <core.p4>
extern void trace<T>(in T value);
extern Store<T> {
  Store(bit<32> size);
  T read(in bit<32> index);
  void write(in bit<32> index, in T value);
  void get(in bit<32> index, out T value);
}
header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header ip_t { bit<8> ttl; bit<8> proto; bit<32> addr; }
header label_t { bit<7> value; bit<1> bos; }
header a_t { bit<8> x; }
header b_t { bit<16> y; }
header_union ab_t { a_t a; b_t b; }
struct headers { eth_t eth; ip_t ip; label_t[3] labels; ab_t ab; }
struct meta_t { bit<32> w; bit<8> b; int<8> s; bit<64> big; bool flag; }
parser P(packet_in pkt, out headers h, inout meta_t m);
control C(inout headers h, inout meta_t m);
control D(packet_out pkt, in headers h);
package Pipe(P p, C c, D d);
`;

export interface PipelineRun {
  readonly parserError: string;
  readonly h: Record<string, Value>;
  readonly m: Record<string, Value>;
  readonly trace: Value[];
  /** Deparsed bytes as hex. */
  readonly out: string;
}

export class Pipeline {
  readonly instance: ProgramInstance;
  readonly errors: readonly string[];

  constructor(checked: CheckedProgram) {
    const compiled = compileProgram(checked, { tableFactory: (spec) => new ScanTable(spec), clock: () => 0n });
    this.errors = compiled.errors;
    this.instance = compiled.instantiate(new TestArch());
  }

  run(bytes: readonly number[]): PipelineRun {
    const [parser, control, deparser] = this.instance.blocks;
    const ctx = packetContext(bytes);
    const metaType = control!.params[1]!.type;
    const pargs: Value[] = [undefined as unknown as Value, undefined as unknown as Value, defaultMaker(metaType)()];
    const err = parser!.run(pargs, ctx);
    const cargs: Value[] = [pargs[1]!, pargs[2]!];
    control!.run(cargs, ctx);
    deparser!.run([undefined as unknown as Value, cargs[0]!], ctx);
    return {
      parserError: this.errors[err]!,
      h: cargs[0] as Record<string, Value>,
      m: cargs[1] as Record<string, Value>,
      trace: ctx.arch.trace,
      out: emittedHex(ctx.arch),
    };
  }
}

export function hexBytes(hex: string): number[] {
  const clean = hex.replace(/\s+/g, '');
  return Array.from({ length: clean.length / 2 }, (_, i) => parseInt(clean.slice(2 * i, 2 * i + 2), 16));
}

export const EMPTY_PARSER = `parser MyP(packet_in pkt, out headers h, inout meta_t m) { state start { transition accept; } }`;
export const EMPTY_CONTROL = `control MyC(inout headers h, inout meta_t m) { apply { } }`;
export const DEPARSER = `control MyD(packet_out pkt, in headers h) {
  apply { pkt.emit(h.eth); pkt.emit(h.ip); pkt.emit(h.labels); pkt.emit(h.ab); }
}`;
export const ETH_IP_PARSER = `parser MyP(packet_in pkt, out headers h, inout meta_t m) {
  state start { pkt.extract(h.eth); pkt.extract(h.ip); transition accept; }
}`;

export interface ProgramParts {
  readonly parser?: string;
  readonly control?: string;
  readonly deparser?: string;
  readonly extra?: string;
  /** Edits the checked program before the back end sees it (to reach shapes the front end does not produce yet). */
  readonly patch?: (checked: CheckedProgram) => void;
}

export function pipeline(parts: ProgramParts): Pipeline {
  const source = [
    PRELUDE,
    parts.extra ?? '',
    parts.parser ?? EMPTY_PARSER,
    parts.control ?? EMPTY_CONTROL,
    parts.deparser ?? DEPARSER,
    'Pipe(MyP(), MyC(), MyD()) main;',
  ].join('\n');
  const checked = frontendSource(source, 'test.p4');
  parts.patch?.(checked);
  return new Pipeline(checked);
}

export const ETH = '000000000001 000000000002';
/** eth (type 0x0800) + ip (ttl, proto, addr). */
export function ethIp(ttl: number, proto: number, addr: number): number[] {
  return hexBytes(`${ETH} 0800 ${ttl.toString(16).padStart(2, '0')}${proto.toString(16).padStart(2, '0')}${addr.toString(16).padStart(8, '0')}`);
}

