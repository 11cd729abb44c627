// The option list format IPv4 (RFC 791) and TCP (RFC 9293) share: kind 0 ends the list, kind 1
// is a one-byte no-op, every other kind is kind, total length (>= 2), data.
import { PacketDecodeError } from './errors.js';

export const OPTION_END_OF_LIST = 0;
export const OPTION_NO_OPERATION = 1;

export interface RawOption {
  kind: number;
  /** Option data without the kind and length bytes; empty for kinds 0 and 1. */
  data: Uint8Array;
}

/**
 * Splits an option area into options, stopping after an end-of-list option (the padding after it
 * is not returned). `baseOffset` is where `area` starts in the packet, for error offsets.
 */
export function splitOptions(area: Uint8Array, what: string, baseOffset = 0): RawOption[] {
  const options: RawOption[] = [];
  let i = 0;
  while (i < area.length) {
    const kind = area[i]!;
    if (kind === OPTION_END_OF_LIST || kind === OPTION_NO_OPERATION) {
      options.push({ kind, data: new Uint8Array(0) });
      i += 1;
      if (kind === OPTION_END_OF_LIST) break;
      continue;
    }
    if (i + 1 >= area.length) throw new PacketDecodeError(`${what} kind ${kind}`, baseOffset + i, 'truncated: no length byte');
    const length = area[i + 1]!;
    if (length < 2) throw new PacketDecodeError(`${what} kind ${kind}`, baseOffset + i + 1, `length ${length} is below 2`);
    if (i + length > area.length) {
      throw new PacketDecodeError(`${what} kind ${kind}`, baseOffset + i, `truncated: length ${length}, ${area.length - i} bytes left`);
    }
    options.push({ kind, data: area.slice(i + 2, i + length) });
    i += length;
  }
  return options;
}

/** Serialises options and pads with zeros (end of list) to a multiple of four bytes. */
export function joinOptions(options: readonly RawOption[]): Uint8Array {
  let length = 0;
  for (const option of options) length += option.kind <= OPTION_NO_OPERATION ? 1 : 2 + option.data.length;
  const out = new Uint8Array(Math.ceil(length / 4) * 4);
  let i = 0;
  for (const option of options) {
    out[i++] = option.kind;
    if (option.kind <= OPTION_NO_OPERATION) continue;
    out[i++] = 2 + option.data.length;
    out.set(option.data, i);
    i += option.data.length;
  }
  return out;
}
