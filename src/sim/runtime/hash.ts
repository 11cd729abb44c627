// Hash and checksum algorithms over byte strings, with the parameters BMv2 uses for
// v1model's HashAlgorithm members (verified against the catalogue check values in tests):
//   crc16  CRC-16/ARC:  poly 0x8005, reflected in and out, init 0, xorout 0   ("123456789" -> 0xBB3D)
//   crc32  CRC-32:      poly 0x04C11DB7, reflected, init 0xFFFFFFFF, xorout 0xFFFFFFFF (-> 0xCBF43926)
//   csum16 the Internet checksum: ones' complement of the ones' complement sum of 16-bit words
//   xor16  XOR of the 16-bit big-endian words
//   identity the first (up to) 8 bytes as a big-endian number
//   random a pseudo-random number, not a function of the data
// An odd trailing byte counts as the high byte of a final zero-padded word (network order).

export interface CrcParameters {
  readonly width: 16 | 32;
  readonly polynomial: number;
  readonly initial: number;
  readonly finalXor: number;
  readonly reflectInput: boolean;
  readonly reflectOutput: boolean;
}

export const CRC16_ARC: CrcParameters = { width: 16, polynomial: 0x8005, initial: 0, finalXor: 0, reflectInput: true, reflectOutput: true };
export const CRC32_ISO_HDLC: CrcParameters = {
  width: 32,
  polynomial: 0x04c11db7,
  initial: 0xffffffff,
  finalXor: 0xffffffff,
  reflectInput: true,
  reflectOutput: true,
};

function reflect(value: number, bits: number): number {
  let result = 0;
  for (let i = 0; i < bits; i++) {
    result = (result << 1) | ((value >>> i) & 1);
  }
  return result >>> 0;
}

/**
 * A table-driven CRC. The fully reflected CRCs (BMv2's crc16 and crc32) run least
 * significant bit first on a reflected table, which equals reflecting every input byte
 * and the result of the most-significant-bit-first form; any other combination runs
 * that form, with byte reflection by table.
 */
export function makeCrc(params: CrcParameters): (data: Uint8Array) => number {
  const width = params.width;
  const mask = width === 32 ? 0xffffffff : 0xffff;
  const finalXor = params.finalXor >>> 0;
  if (params.reflectInput && params.reflectOutput) {
    const polynomial = reflect(params.polynomial, width);
    const table = new Uint32Array(256);
    for (let byte = 0; byte < 256; byte++) {
      let crc = byte;
      for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
      table[byte] = crc >>> 0;
    }
    const initial = reflect(params.initial >>> 0, width);
    return (data) => {
      let crc = initial;
      for (let i = 0; i < data.length; i++) crc = (crc >>> 8) ^ table[(crc ^ data[i]!) & 0xff]!;
      return ((crc ^ finalXor) & mask) >>> 0;
    };
  }
  const top = 2 ** (width - 1);
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = (byte * 2 ** (width - 8)) >>> 0;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc >= top ? (((crc * 2) & mask) ^ params.polynomial) >>> 0 : (crc * 2) & mask;
      crc >>>= 0;
    }
    table[byte] = crc;
  }
  const reflectedByte = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) reflectedByte[byte] = reflect(byte, 8);
  const shift = width - 8;
  return (data) => {
    let crc = params.initial >>> 0;
    for (let i = 0; i < data.length; i++) {
      const byte = params.reflectInput ? reflectedByte[data[i]!]! : data[i]!;
      const index = ((crc >>> shift) ^ byte) & 0xff;
      crc = (((crc << 8) & mask) ^ table[index]!) >>> 0;
    }
    if (params.reflectOutput) crc = reflect(crc, width);
    return ((crc ^ finalXor) & mask) >>> 0;
  };
}

export const crc16 = makeCrc(CRC16_ARC);
export const crc32 = makeCrc(CRC32_ISO_HDLC);

export function csum16(data: Uint8Array): number {
  let sum = 0;
  const even = data.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (data[i]! << 8) | data[i + 1]!;
  if (even < data.length) sum += data[even]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

export function xor16(data: Uint8Array): number {
  let result = 0;
  const even = data.length & ~1;
  for (let i = 0; i < even; i += 2) result ^= (data[i]! << 8) | data[i + 1]!;
  if (even < data.length) result ^= data[even]! << 8;
  return result;
}

export function identity(data: Uint8Array): bigint {
  let result = 0n;
  for (let i = 0; i < Math.min(8, data.length); i++) result = (result << 8n) | BigInt(data[i]!);
  return result;
}

/** The names of v1model's HashAlgorithm enum, in declaration order (the run-time value is the index). */
export const V1MODEL_HASH_ALGORITHMS = ['crc32', 'crc32_custom', 'crc16', 'crc16_custom', 'random', 'identity', 'csum16', 'xor16'] as const;
export type HashAlgorithmName = (typeof V1MODEL_HASH_ALGORITHMS)[number];

export class UnknownHashAlgorithmError extends Error {
  readonly code = 'UNKNOWN_HASH_ALGORITHM';
  constructor(what: string) {
    super(`unknown hash algorithm ${what}`);
    this.name = 'UnknownHashAlgorithmError';
  }
}

/**
 * Computes a named algorithm over `data`: a number for the 16/32-bit algorithms and
 * `random`, a bigint for `identity` (up to 64 bits). The custom CRCs run with the standard
 * parameters (BMv2's defaults until a control plane reconfigures them); `random` draws from
 * `randomSource`.
 */
export function computeHash(algorithm: HashAlgorithmName, data: Uint8Array, randomSource: () => number): number | bigint {
  switch (algorithm) {
    case 'crc32':
    case 'crc32_custom':
      return crc32(data);
    case 'crc16':
    case 'crc16_custom':
      return crc16(data);
    case 'csum16':
      return csum16(data);
    case 'xor16':
      return xor16(data);
    case 'identity':
      return identity(data);
    case 'random':
      return Math.floor(randomSource() * 0x100000000);
  }
}

/** A hash result reduced to `width` bits, in the run-time representation of bit<width>. */
export function truncateHash(hash: number | bigint, width: number): number | bigint {
  if (width > 32) return BigInt.asUintN(width, BigInt(hash));
  if (typeof hash === 'bigint') return Number(BigInt.asUintN(width, hash));
  return width === 32 ? hash >>> 0 : hash % 2 ** width;
}

/** A small deterministic generator (xorshift32) so simulations with a seed repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}
