/** Thrown by every decoder on input it cannot accept; never a RangeError from reading past the end. */
export class PacketDecodeError extends Error {
  readonly code = 'PACKET_DECODE';
  /**
   * @param what   the header or field being decoded (e.g. "ipv4.ihl")
   * @param offset byte offset in the decoded buffer where the problem was found
   * @param reason what is wrong with it
   */
  constructor(
    readonly what: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${what} at byte ${offset}: ${reason}`);
    this.name = 'PacketDecodeError';
  }
}

/** Thrown by encoders when a typed field does not fit its wire width. */
export class PacketEncodeError extends Error {
  readonly code = 'PACKET_ENCODE';
  constructor(
    readonly what: string,
    readonly reason: string,
  ) {
    super(`${what}: ${reason}`);
    this.name = 'PacketEncodeError';
  }
}
