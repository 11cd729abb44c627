export type PacketPortErrorCode =
  /** The peer sent no handshake in time. */
  | 'HANDSHAKE_TIMEOUT'
  /** The first 8 bytes were not an SP handshake. */
  | 'BAD_HANDSHAKE'
  /** An SP handshake for a protocol other than PAIR v0 (16). */
  | 'WRONG_PROTOCOL'
  /** A message type byte other than 0x01 (libnanomsg would abort on it). */
  | 'BAD_MESSAGE_TYPE'
  /** A message body over the 1 MiB limit. */
  | 'BODY_TOO_LARGE'
  /** A body too short for its {type, port, more} header, or whose length disagrees with `more`. */
  | 'BAD_BODY'
  /** A well-formed message this side does not accept (e.g. PACKET_OUT sent to the switch). */
  | 'UNEXPECTED_MESSAGE'
  /** A second peer tried to connect while one was attached. */
  | 'PEER_REFUSED'
  | 'NOT_CONNECTED'
  | 'ADDRESS_IN_USE'
  | 'BAD_ADDRESS'
  | 'TIMEOUT'
  /** An error from the underlying Unix socket. */
  | 'SOCKET';

/** Every failure of the packet ports, as a value with a code (emitted as events or thrown). */
export class PacketPortError extends Error {
  constructor(
    readonly code: PacketPortErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PacketPortError';
  }
}
