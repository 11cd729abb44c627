// Mask: an expected frame plus the bits a check does not care about (PTF's Mask). Fields are
// named by layer and field (frame-layout.ts), so `mask.ignore('ipv4', 'identification')`
// works wherever the IPv4 header sits (after a core shim, a VLAN tag, ...).
import { frameLayout, locateField, type FrameLayout, type LayerName } from './frame-layout.js';

export class Mask {
  /** 1 bits are compared; 0 bits are don't-care. Same length as the expected frame. */
  readonly careBits: Uint8Array;
  private readonly layout: FrameLayout;

  constructor(readonly expected: Uint8Array) {
    this.careBits = new Uint8Array(expected.length).fill(0xff);
    this.layout = frameLayout(expected);
  }

  /** Ignores `bits` bits starting at absolute bit `bitOffset`. */
  ignoreBits(bitOffset: number, bits: number): this {
    for (let bit = bitOffset; bit < bitOffset + bits && bit >> 3 < this.careBits.length; bit++) {
      this.careBits[bit >> 3]! &= ~(0x80 >> (bit & 7));
    }
    return this;
  }

  /** Ignores whole bytes [offset, offset + length). */
  ignoreBytes(offset: number, length: number): this {
    return this.ignoreBits(offset * 8, length * 8);
  }

  /** Ignores one header field, e.g. ignore('ipv4', 'ttl'). Throws if the frame lacks it. */
  ignore(layer: LayerName, field: string): this {
    const located = locateField(this.layout, layer, field);
    return this.ignoreBits(located.bitOffset, located.bits);
  }

  /** Ignores everything after the last parsed header (payload and padding). */
  ignorePayload(): this {
    return this.ignoreBytes(this.layout.payloadOffset, this.expected.length - this.layout.payloadOffset);
  }

  ignoreIPv4Checksum(): this {
    return this.ignore('ipv4', 'checksum');
  }

  ignoreIPv4Identification(): this {
    return this.ignore('ipv4', 'identification');
  }

  ignoreIPv4Ttl(): this {
    return this.ignore('ipv4', 'ttl');
  }

  /** The TCP or UDP checksum, whichever the frame has. */
  ignoreTransportChecksum(): this {
    return this.ignore(this.layout.layers.tcp !== undefined ? 'tcp' : 'udp', 'checksum');
  }

  ignoreEthernetAddresses(): this {
    return this.ignore('eth', 'dst').ignore('eth', 'src');
  }

  /** Whether `actual` equals the expected frame on every cared-for bit (lengths must match). */
  matches(actual: Uint8Array): boolean {
    if (actual.length !== this.expected.length) return false;
    for (let i = 0; i < actual.length; i++) {
      if (((actual[i]! ^ this.expected[i]!) & this.careBits[i]!) !== 0) return false;
    }
    return true;
  }

  /** Whether a bit is compared. */
  caresAbout(bit: number): boolean {
    return ((this.careBits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
  }
}

/** A Mask that compares every bit. */
export function exactly(expected: Uint8Array): Mask {
  return new Mask(expected);
}

/** Frames and masks are accepted wherever an expectation is. */
export type Expected = Uint8Array | Mask;

export function toMask(expected: Expected): Mask {
  return expected instanceof Mask ? expected : new Mask(expected);
}
