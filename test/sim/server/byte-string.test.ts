import assert from 'node:assert/strict';
import fc from 'fast-check';
import { status } from '@grpc/grpc-js';
import { bitsToBytes, bitsToFixedBytes, bytesToBits, readBits } from '../../../src/sim/server/byte-string.js';
import { RpcError } from '../../../src/sim/server/rpc-error.js';

const widthAndValue = fc.integer({ min: 1, max: 128 }).chain((width) =>
  fc.bigInt({ min: 0n, max: (1n << BigInt(width)) - 1n }).map((value) => ({ width, value })));

const invalidArgument = (f: () => unknown, message: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof RpcError && e.code === status.INVALID_ARGUMENT && message.test(e.message));

describe('P4Runtime byte strings', () => {
  it('round-trips every value of every width through its canonical form', () => {
    fc.assert(fc.property(widthAndValue, ({ width, value }) => {
      const canonical = bitsToBytes(value);
      assert.equal(bytesToBits(canonical, width, 'f'), value);
      assert.ok(canonical.length === 1 || canonical[0] !== 0, 'no leading zero byte');
    }));
  });

  it('accepts leading zero bytes up to the field width', () => {
    fc.assert(fc.property(widthAndValue, ({ width, value }) => {
      const full = bitsToFixedBytes(value, Math.ceil(width / 8));
      assert.equal(bytesToBits(full, width, 'f'), value);
    }));
  });

  it('reads a byte range inside a larger buffer as bytesToBits reads it alone, or refuses what it refuses', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 24 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 130 }), (buffer, a, b, width) => {
      const start = buffer.length === 0 ? 0 : a % (buffer.length + 1);
      const length = (buffer.length - start) === 0 ? 0 : b % (buffer.length - start + 1);
      const bytes = buffer.subarray(start, start + length);
      let expected: bigint | undefined;
      try {
        expected = bytesToBits(bytes, width, 'f');
      } catch {
        expected = undefined;
      }
      assert.equal(readBits(buffer, start, length, width), expected);
    }));
  });

  it('encodes zero as one zero byte', () => {
    assert.deepEqual(bitsToBytes(0n), Buffer.of(0));
  });

  it('refuses strings longer than the field, values wider than it, and empty strings', () => {
    invalidArgument(() => bytesToBits(Buffer.of(0, 1), 8, 'port'), /port: 2 bytes for a 8-bit field/);
    invalidArgument(() => bytesToBits(Buffer.of(2, 0), 9, 'port'), /does not fit in 9 bits/);
    invalidArgument(() => bytesToBits(Buffer.alloc(0), 9, 'port'), /empty/);
    fc.assert(fc.property(fc.integer({ min: 1, max: 63 }), (width) => {
      const tooBig = 1n << BigInt(width);
      assert.throws(() => bytesToBits(bitsToBytes(tooBig), width, 'f'), RpcError);
    }));
  });
});
