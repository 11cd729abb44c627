// How long the simulator's front end takes: the whole chain on a realistic v1model
// program (dominated by running cpp), and lexing+parsing+checking alone on a generated
// program with many tables and actions, to show the passes scale linearly.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProgram } from '../src/sim/frontend/checker.js';
import { frontend } from '../src/sim/frontend/frontend.js';
import { parseP4 } from '../src/sim/frontend/parser.js';
import { preprocessSource } from '../src/sim/frontend/preprocess.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'sim', 'frontend', 'fixtures', 'basic_plus.p4');

function timeMs(runs: number, f: () => void): number {
  f();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) f();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

/** A v1model program with `n` tables, each with its own action and a ternary key, in one ingress control. */
function generated(n: number): string {
  const lines = ['#include <v1model.p4>', 'header h_t { bit<32> a; bit<16> b; bit<8> c; }', 'struct H { h_t h; }', 'struct M { bit<32> x; }'];
  lines.push('control I(inout H hdr, inout M meta, inout standard_metadata_t sm) {');
  for (let i = 0; i < n; i++) {
    lines.push(`  action set${i}(bit<32> v) { meta.x = v + ${i}; hdr.h.b = hdr.h.b |+| (bit<16>)${i % 65536}; }`);
    lines.push(`  table t${i} { key = { hdr.h.a: ternary; hdr.h.c: exact; } actions = { set${i}; NoAction; } const entries = { (0x${i.toString(16)} &&& 0xFFFF, ${i % 256}): set${i}(${i}); } default_action = NoAction(); }`);
  }
  lines.push('  apply {');
  for (let i = 0; i < n; i++) lines.push(`    if (meta.x != ${i}) { t${i}.apply(); }`);
  lines.push('  }', '}');
  return lines.join('\n');
}

const whole = timeMs(20, () => frontend(fixture));
console.log(`frontend(basic_plus.p4), cpp included: ${whole.toFixed(2)} ms per run`);

for (const n of [100, 1000]) {
  const text = preprocessSource(generated(n), `gen${n}.p4`);
  const ms = timeMs(n === 100 ? 20 : 5, () => checkProgram(parseP4(text, `gen${n}.p4`)));
  console.log(`lex+parse+check, ${n} tables (${text.split('\n').length} lines): ${ms.toFixed(1)} ms, ${((ms * 1000) / n).toFixed(0)} us per table`);
}
