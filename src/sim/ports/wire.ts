// BMv2's packet interface on the wire: nanomsg's SP handshake and IPC message framing, and the
// {type, port, more} body BMv2's dev_mgr_packet_in uses. Facts: nanomsg's SP-over-IPC mapping and
// BMv2's packet-in message layout (see docs/packet-ports.md).

/** nanomsg PAIR v0 (NN_PAIR = 1 * 16). A PAIR socket only talks to another PAIR socket. */
export const PROTOCOL_PAIR = 16;
export const HANDSHAKE_LENGTH = 8;
/** Every IPC message starts with this type byte, then a u64 big-endian body length. */
export const IPC_MESSAGE_TYPE_NORMAL = 0x01;
export const IPC_MESSAGE_HEADER_LENGTH = 9;
/** Larger bodies are refused (the same limit nanomsg's default NN_RCVMAXSIZE applies). */
export const MAX_BODY_LENGTH = 1024 * 1024;
/** {type, port, more}, three little-endian int32. */
export const BODY_HEADER_LENGTH = 12;

export const MSG_PORT_ADD = 0;
export const MSG_PORT_REMOVE = 1;
export const MSG_PORT_SET_STATUS = 2;
export const MSG_PACKET_IN = 3;
export const MSG_PACKET_OUT = 4;
export const MSG_INFO_REQ = 5;
export const MSG_INFO_REP = 6;

/** Port status values for PORT_SET_STATUS, as the PTF nanomsg manager sends them. */
export const PORT_STATUS_UP = 0;
export const PORT_STATUS_DOWN = 1;

export function handshake(protocolId: number): Buffer {
  return Buffer.from([0x00, 0x53, 0x50, 0x00, protocolId >>> 8, protocolId & 0xff, 0x00, 0x00]);
}

/** A decoded message body. `payload` is a view into the received bytes. */
export interface PortMessage {
  type: number;
  port: number;
  more: number;
  payload: Uint8Array;
}

/** One IPC message (framing + body) in a single buffer, ready for one socket write. */
export function encodeIpcMessage(type: number, port: number, more: number, payload: Uint8Array): Buffer {
  const bodyLength = BODY_HEADER_LENGTH + payload.length;
  const out = Buffer.allocUnsafe(IPC_MESSAGE_HEADER_LENGTH + bodyLength);
  out[0] = IPC_MESSAGE_TYPE_NORMAL;
  out.writeUInt32BE(0, 1);
  out.writeUInt32BE(bodyLength, 5);
  out.writeInt32LE(type, 9);
  out.writeInt32LE(port, 13);
  out.writeInt32LE(more, 17);
  out.set(payload, 21);
  return out;
}

/** Splits a body into its header and payload; undefined when it is shorter than the header. */
export function decodeBody(body: Buffer): PortMessage | undefined {
  if (body.length < BODY_HEADER_LENGTH) return undefined;
  return { type: body.readInt32LE(0), port: body.readInt32LE(4), more: body.readInt32LE(8), payload: body.subarray(BODY_HEADER_LENGTH) };
}
