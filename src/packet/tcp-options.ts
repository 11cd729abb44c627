// Typed view of the TCP option area: the options RFC 9293, 7323 and 2018 define, others kept raw.
import { checkUint, readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { PacketDecodeError, PacketEncodeError } from './errors.js';
import { OPTION_END_OF_LIST, OPTION_NO_OPERATION, type RawOption, joinOptions, splitOptions } from './tlv-options.js';

const KIND_MSS = 2;
const KIND_WINDOW_SCALE = 3;
const KIND_SACK_PERMITTED = 4;
const KIND_SACK = 5;
const KIND_TIMESTAMPS = 8;

export type TcpOption =
  | { kind: 'end' }
  | { kind: 'nop' }
  | { kind: 'mss'; value: number }
  | { kind: 'window-scale'; shift: number }
  | { kind: 'sack-permitted' }
  | { kind: 'sack'; blocks: Array<{ left: number; right: number }> }
  | { kind: 'timestamps'; value: number; echo: number }
  | { kind: 'other'; type: number; data: Uint8Array };

function expectLength(raw: RawOption, length: number, name: string): void {
  if (raw.data.length !== length) {
    throw new PacketDecodeError(`tcp option ${name}`, 0, `length ${raw.data.length + 2}, expected ${length + 2}`);
  }
}

/** Decodes an option area (TcpHeader.options); stops after an end-of-list option. */
export function decodeTcpOptions(area: Uint8Array): TcpOption[] {
  return splitOptions(area, 'tcp option').map((raw): TcpOption => {
    const d = raw.data;
    switch (raw.kind) {
      case OPTION_END_OF_LIST: return { kind: 'end' };
      case OPTION_NO_OPERATION: return { kind: 'nop' };
      case KIND_MSS: expectLength(raw, 2, 'mss'); return { kind: 'mss', value: readU16(d, 0) };
      case KIND_WINDOW_SCALE: expectLength(raw, 1, 'window-scale'); return { kind: 'window-scale', shift: d[0]! };
      case KIND_SACK_PERMITTED: expectLength(raw, 0, 'sack-permitted'); return { kind: 'sack-permitted' };
      case KIND_SACK: {
        if (d.length % 8 !== 0) throw new PacketDecodeError('tcp option sack', 0, `length ${d.length + 2} is not 2 + 8n`);
        const blocks: Array<{ left: number; right: number }> = [];
        for (let i = 0; i < d.length; i += 8) blocks.push({ left: readU32(d, i), right: readU32(d, i + 4) });
        return { kind: 'sack', blocks };
      }
      case KIND_TIMESTAMPS: expectLength(raw, 8, 'timestamps'); return { kind: 'timestamps', value: readU32(d, 0), echo: readU32(d, 4) };
      default: return { kind: 'other', type: raw.kind, data: d };
    }
  });
}

function toRaw(option: TcpOption): RawOption {
  switch (option.kind) {
    case 'end': return { kind: OPTION_END_OF_LIST, data: new Uint8Array(0) };
    case 'nop': return { kind: OPTION_NO_OPERATION, data: new Uint8Array(0) };
    case 'mss': {
      checkUint(option.value, 16, 'tcp option mss');
      const data = new Uint8Array(2);
      writeU16(data, 0, option.value);
      return { kind: KIND_MSS, data };
    }
    case 'window-scale':
      checkUint(option.shift, 8, 'tcp option window-scale');
      return { kind: KIND_WINDOW_SCALE, data: Uint8Array.of(option.shift) };
    case 'sack-permitted': return { kind: KIND_SACK_PERMITTED, data: new Uint8Array(0) };
    case 'sack': {
      const data = new Uint8Array(option.blocks.length * 8);
      option.blocks.forEach((block, i) => {
        checkUint(block.left, 32, 'tcp option sack left edge');
        checkUint(block.right, 32, 'tcp option sack right edge');
        writeU32(data, 8 * i, block.left);
        writeU32(data, 8 * i + 4, block.right);
      });
      return { kind: KIND_SACK, data };
    }
    case 'timestamps': {
      checkUint(option.value, 32, 'tcp option timestamps value');
      checkUint(option.echo, 32, 'tcp option timestamps echo');
      const data = new Uint8Array(8);
      writeU32(data, 0, option.value);
      writeU32(data, 4, option.echo);
      return { kind: KIND_TIMESTAMPS, data };
    }
    case 'other':
      checkUint(option.type, 8, 'tcp option kind');
      if (option.type <= OPTION_NO_OPERATION) throw new PacketEncodeError('tcp option', `kind ${option.type} is not an "other" option`);
      if (option.data.length > 38) throw new PacketEncodeError('tcp option', `kind ${option.type} has ${option.data.length} data bytes, at most 38 fit`);
      return { kind: option.type, data: option.data };
  }
}

/** Encodes options into an area for TcpHeader.options, zero-padded to a multiple of 4 bytes. */
export function encodeTcpOptions(options: readonly TcpOption[]): Uint8Array {
  const area = joinOptions(options.map(toRaw));
  if (area.length > 40) throw new PacketEncodeError('tcp options', `${area.length} bytes exceed the 40-byte option space`);
  return area;
}
