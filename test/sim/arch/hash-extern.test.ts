import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crc16, crc32 } from '../../../src/sim/runtime/hash.js';
import { SoftwareSwitch } from '../../../src/sim/switch.js';

// base + (hash mod max) truncated to the result's width, where the sum overflows it.
const source = `
#include <core.p4>
#include <v1model.p4>
header h_t { bit<16> f; bit<8> o1; bit<8> o2; bit<32> o3; bit<16> o4; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in p, out headers_t hdr, inout meta_t m, inout standard_metadata_t sm) { state start { p.extract(hdr.h); transition accept; } }
control VC(inout headers_t hdr, inout meta_t m) { apply { } }
control I(inout headers_t hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    hash(hdr.h.o1, HashAlgorithm.crc16, 8w250, { hdr.h.f }, 16w10);
    hash(hdr.h.o2, HashAlgorithm.crc32, 8w3, { hdr.h.f }, 8w0);
    hash(hdr.h.o3, HashAlgorithm.crc32, 32w0xfffffff0, { hdr.h.f }, 32w100);
    hash(hdr.h.o4, HashAlgorithm.crc32, 16w7, { hdr.h.f }, 64w0x1ffffffff);
    sm.egress_spec = 1;
  }
}
control E(inout headers_t hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hdr, inout meta_t m) { apply { } }
control D(packet_out p, in headers_t hdr) { apply { p.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), CC(), D()) main;
`;

describe('v1model hash()', () => {
  const sw = SoftwareSwitch.fromSource(source, 'hash.p4');

  it('gives base + (hash mod max) truncated to the result width, or base when max is 0 (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff }), (f) => {
      const data = Uint8Array.of(f >> 8, f & 0xff);
      const out = sw.inject(0, Uint8Array.of(f >> 8, f & 0xff, 0, 0, 0, 0, 0, 0, 0, 0))[0]!.bytes;
      const field = (at: number, bytes: number): bigint => BigInt(`0x${Buffer.from(out.subarray(at, at + bytes)).toString('hex')}`);
      assert.equal(field(2, 1), BigInt.asUintN(8, 250n + (BigInt(crc16(data)) % 10n)));
      assert.equal(field(3, 1), 3n);
      assert.equal(field(4, 4), BigInt.asUintN(32, 0xfffffff0n + (BigInt(crc32(data)) % 100n)));
      assert.equal(field(8, 2), BigInt.asUintN(16, 7n + (BigInt(crc32(data)) % 0x1ffffffffn)));
    }), { numRuns: 300 });
  });
});
