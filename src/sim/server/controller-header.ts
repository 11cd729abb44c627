// The controller headers (@controller_header("packet_out") / ("packet_in")) as bits on the
// CPU port: a PacketOut's metadata is packed, in P4Info order and widths, big-endian, in
// front of the payload; a frame the pipeline sends to the CPU port starts with the
// packet_in header, which becomes the PacketIn's metadata.
import type { PacketMetadata } from '../../proto/p4/v1/p4runtime.js';
import { bitsToBytes, bitsToFixedBytes, bytesToBits, maxOfWidth } from './byte-string.js';
import type { ControllerHeaderBinding } from './p4info-index.js';
import { invalid } from './rpc-error.js';

function headerBytes(header: ControllerHeaderBinding): number {
  const bits = header.fields.reduce((sum, f) => sum + f.width, 0);
  if (bits % 8 !== 0) throw invalid(`controller header ${header.name} is ${bits} bits, not a whole number of bytes`);
  return bits / 8;
}

/** The frame a PacketOut puts on the CPU port: packet_out header, then the payload. */
export function packPacketOut(header: ControllerHeaderBinding | undefined, metadata: readonly PacketMetadata[], payload: Uint8Array): Buffer {
  if (header === undefined) {
    if (metadata.length > 0) throw invalid('the program has no packet_out controller header, yet the PacketOut carries metadata');
    return Buffer.from(payload);
  }
  const values = new Map<number, bigint>();
  for (const m of metadata) {
    const field = header.fields.find((f) => f.id === m.metadataId);
    if (field === undefined) throw invalid(`packet_out has no metadata id ${m.metadataId}`);
    if (values.has(field.id)) throw invalid(`packet_out metadata ${field.name} given twice`);
    values.set(field.id, bytesToBits(m.value, field.width, `packet_out metadata ${field.name}`));
  }
  let bits = 0n;
  for (const field of header.fields) {
    const value = values.get(field.id) ?? (field.padding ? 0n : undefined);
    if (value === undefined) throw invalid(`packet_out metadata ${field.name} (id ${field.id}) missing`);
    bits = (bits << BigInt(field.width)) | value;
  }
  return Buffer.concat([bitsToFixedBytes(bits, headerBytes(header)), payload]);
}

/** Splits a CPU-port frame into packet_in metadata and payload; undefined if the frame is too short. */
export function unpackPacketIn(
  header: ControllerHeaderBinding | undefined, frame: Uint8Array,
): { metadata: PacketMetadata[]; payload: Buffer } | undefined {
  if (header === undefined) return { metadata: [], payload: Buffer.from(frame) };
  const length = headerBytes(header);
  if (frame.length < length) return undefined;
  let bits = 0n;
  for (let i = 0; i < length; i++) bits = (bits << 8n) | BigInt(frame[i]!);
  let shift = BigInt(length * 8);
  const metadata = header.fields.map((field) => {
    shift -= BigInt(field.width);
    return { metadataId: field.id, value: bitsToBytes((bits >> shift) & maxOfWidth(field.width)) };
  });
  return { metadata, payload: Buffer.from(frame.subarray(length)) };
}
