// Where each header field of a frame sits, bit by bit: the one description that both masks
// (ignore a field) and mismatch reports (name the field that differs) read. Layers are found
// with src/packet's parseFrame; a frame it cannot parse is laid out as Ethernet (if there are
// 14 bytes) followed by raw bytes.
import {
  CORE_SHIM_LENGTH, ethernetHeaderLength, ETHERTYPE_CORE_SHIM, parseFrame, type ParsedFrame,
} from '../../../src/packet/index.js';

export type LayerName = 'eth' | 'coreShim' | 'loadReport' | 'ipv4' | 'ipv6' | 'tcp' | 'udp';

/** A field: bit offset from the start of its layer, and width in bits. */
interface FieldSpec {
  readonly name: string;
  readonly bitOffset: number;
  readonly bits: number;
}

function fields(list: readonly (readonly [string, number])[]): readonly FieldSpec[] {
  let bitOffset = 0;
  return list.map(([name, bits]) => {
    const spec = { name, bitOffset, bits };
    bitOffset += bits;
    return spec;
  });
}

/** Field lists in wire order (RFC 791, 8200, 793, 768; DESIGN.md section 2 for Corelb's own). */
export const LAYER_FIELDS: Readonly<Record<LayerName, readonly FieldSpec[]>> = {
  eth: fields([['dst', 48], ['src', 48], ['etherType', 16]]),
  coreShim: fields([['coreId', 8], ['flags', 8], ['origEtherType', 16]]),
  loadReport: fields([['sr1', 8], ['sr2', 8], ['sr3', 8], ['sr4', 8], ['srcIp', 32], ['cpuId', 8], ['cpuLoad', 8], ['timestamp', 48]]),
  ipv4: fields([
    ['version', 4], ['ihl', 4], ['dscp', 6], ['ecn', 2], ['totalLength', 16], ['identification', 16], ['reservedFlag', 1],
    ['dontFragment', 1], ['moreFragments', 1], ['fragmentOffset', 13], ['ttl', 8], ['protocol', 8], ['checksum', 16],
    ['src', 32], ['dst', 32],
  ]),
  ipv6: fields([
    ['version', 4], ['trafficClass', 8], ['flowLabel', 20], ['payloadLength', 16], ['nextHeader', 8], ['hopLimit', 8],
    ['src', 128], ['dst', 128],
  ]),
  tcp: fields([
    ['srcPort', 16], ['dstPort', 16], ['seq', 32], ['ack', 32], ['dataOffset', 4], ['reserved', 3], ['flags', 9],
    ['window', 16], ['checksum', 16], ['urgentPointer', 16],
  ]),
  udp: fields([['srcPort', 16], ['dstPort', 16], ['length', 16], ['checksum', 16]]),
};

/** A field located in one frame: absolute bit offset and width. */
export interface LocatedField {
  readonly layer: LayerName;
  readonly name: string;
  readonly bitOffset: number;
  readonly bits: number;
}

export interface FrameLayout {
  /** Byte offset of each layer present. */
  readonly layers: Partial<Record<LayerName, number>>;
  /** Every field of every layer present, in wire order. */
  readonly fields: readonly LocatedField[];
  /** Bytes after the last parsed header (payload, padding, unparsed headers). */
  readonly payloadOffset: number;
}

function layerOffsets(frame: ParsedFrame): Partial<Record<LayerName, number>> {
  const layers: Partial<Record<LayerName, number>> = { eth: 0 };
  let offset = ethernetHeaderLength(frame.ethernet);
  if (frame.ethernet.etherType === ETHERTYPE_CORE_SHIM) {
    layers.coreShim = offset;
    offset += CORE_SHIM_LENGTH;
  }
  if (frame.loadReport !== undefined) layers.loadReport = offset;
  if (frame.ipv4 !== undefined) layers.ipv4 = frame.l3Offset!;
  if (frame.ipv6 !== undefined) layers.ipv6 = frame.l3Offset!;
  if (frame.tcp !== undefined) layers.tcp = frame.l4Offset!;
  if (frame.udp !== undefined) layers.udp = frame.l4Offset!;
  return layers;
}

/** Lays out a frame; never throws (what cannot be parsed is payload). */
export function frameLayout(bytes: Uint8Array): FrameLayout {
  let layers: Partial<Record<LayerName, number>>;
  let payloadOffset: number;
  try {
    const frame = parseFrame(bytes);
    layers = layerOffsets(frame);
    payloadOffset = frame.payloadOffset;
  } catch {
    // Truncated or malformed beyond Ethernet: only Ethernet is named, the rest is raw bytes.
    layers = bytes.length >= 14 ? { eth: 0 } : {};
    payloadOffset = bytes.length >= 14 ? 14 : 0;
  }
  const located: LocatedField[] = [];
  for (const layer of Object.keys(LAYER_FIELDS) as LayerName[]) {
    const start = layers[layer];
    if (start === undefined) continue;
    for (const f of LAYER_FIELDS[layer]) located.push({ layer, name: f.name, bitOffset: start * 8 + f.bitOffset, bits: f.bits });
  }
  return { layers, fields: located, payloadOffset };
}

/** Reads `bits` bits at `bitOffset` (MSB first) as a bigint; bits past the end read as 0. */
export function readBits(bytes: Uint8Array, bitOffset: number, bits: number): bigint {
  let value = 0n;
  for (let i = 0; i < bits; i++) {
    const bit = bitOffset + i;
    const byte = bytes[bit >> 3] ?? 0;
    value = (value << 1n) | BigInt((byte >> (7 - (bit & 7))) & 1);
  }
  return value;
}

/** Looks a field up by layer and name in a layout; throws naming the layers present. */
export function locateField(layout: FrameLayout, layer: LayerName, name: string): LocatedField {
  const found = layout.fields.find((f) => f.layer === layer && f.name === name);
  if (found !== undefined) return found;
  if (layout.layers[layer] === undefined) {
    throw new FrameLayoutError(`the frame has no ${layer} header (it has: ${Object.keys(layout.layers).join(', ') || 'none'})`);
  }
  throw new FrameLayoutError(`${layer} has no field ${name} (fields: ${LAYER_FIELDS[layer].map((f) => f.name).join(', ')})`);
}

export class FrameLayoutError extends Error {
  readonly code = 'PTF_FRAME_LAYOUT';
  constructor(message: string) {
    super(message);
    this.name = 'FrameLayoutError';
  }
}
