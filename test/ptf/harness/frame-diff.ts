// Readable mismatch reports: which header fields differ (by name, with both values), then a
// hex dump of both frames with the differing bytes marked. Don't-care bits are left out.
import { frameLayout, readBits } from './frame-layout.js';
import type { Mask } from './mask.js';

function hex(value: bigint, bits: number): string {
  return `0x${value.toString(16).padStart(Math.ceil(bits / 4), '0')}`;
}

/** One line per header field of `bytes`, "layer.field = value". */
export function describeFrame(bytes: Uint8Array): string {
  const layout = frameLayout(bytes);
  const lines = layout.fields.map((f) => `  ${f.layer}.${f.name} = ${hex(readBits(bytes, f.bitOffset, f.bits), f.bits)}`);
  lines.push(`  payload (${bytes.length - layout.payloadOffset} bytes) = ${Buffer.from(bytes.subarray(layout.payloadOffset)).toString('hex')}`);
  return `${bytes.length} bytes\n${lines.join('\n')}`;
}

function hexDump(bytes: Uint8Array, differs: (i: number) => boolean): string {
  const rows: string[] = [];
  for (let row = 0; row < bytes.length; row += 16) {
    const cells: string[] = [];
    for (let i = row; i < Math.min(row + 16, bytes.length); i++) {
      const cell = bytes[i]!.toString(16).padStart(2, '0');
      cells.push(differs(i) ? `[${cell}]` : ` ${cell} `);
    }
    rows.push(`  ${row.toString(16).padStart(4, '0')}: ${cells.join('')}`);
  }
  return rows.join('\n');
}

/** Explains how `actual` differs from the masked expectation; '' when it matches. */
export function diffFrames(mask: Mask, actual: Uint8Array): string {
  const expected = mask.expected;
  if (mask.matches(actual)) return '';
  const lines: string[] = [];
  if (actual.length !== expected.length) lines.push(`length: expected ${expected.length} bytes, got ${actual.length}`);
  const layout = frameLayout(expected);
  for (const f of layout.fields) {
    let cared = false;
    let differs = false;
    for (let bit = f.bitOffset; bit < f.bitOffset + f.bits; bit++) {
      if (!mask.caresAbout(bit)) continue;
      cared = true;
      if (readBits(expected, bit, 1) !== readBits(actual, bit, 1)) differs = true;
    }
    if (cared && differs) {
      lines.push(`${f.layer}.${f.name}: expected ${hex(readBits(expected, f.bitOffset, f.bits), f.bits)}, got ${hex(readBits(actual, f.bitOffset, f.bits), f.bits)}`);
    }
  }
  const byteDiffers = (i: number): boolean =>
    i >= expected.length || i >= actual.length || ((expected[i]! ^ actual[i]!) & mask.careBits[i]!) !== 0;
  const firstPayloadDiff = [...Array(Math.max(expected.length, actual.length)).keys()].find((i) => i >= layout.payloadOffset && byteDiffers(i));
  if (firstPayloadDiff !== undefined) lines.push(`payload/unparsed bytes differ from offset ${firstPayloadDiff}`);
  return [
    ...lines,
    'expected (differing bytes in []):',
    hexDump(expected, byteDiffers),
    'actual:',
    hexDump(actual, byteDiffers),
    'actual, decoded:',
    describeFrame(actual),
  ].join('\n');
}
