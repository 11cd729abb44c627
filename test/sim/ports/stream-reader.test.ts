import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PacketPortError } from '../../../src/sim/ports/errors.js';
import { IpcStreamReader } from '../../../src/sim/ports/stream-reader.js';
import { MAX_BODY_LENGTH, PROTOCOL_PAIR, decodeBody, encodeIpcMessage, handshake } from '../../../src/sim/ports/wire.js';

function collect(): { reader: IpcStreamReader; bodies: Buffer[]; errors: PacketPortError[]; handshakes: number[] } {
  const bodies: Buffer[] = [];
  const errors: PacketPortError[] = [];
  const handshakes: number[] = [];
  const reader = new IpcStreamReader(PROTOCOL_PAIR, {
    handshake: (p) => handshakes.push(p),
    body: (b) => bodies.push(Buffer.from(b)),
    error: (e) => errors.push(e),
  });
  return { reader, bodies, errors, handshakes };
}

describe('sim/ports IPC stream reader', () => {
  it('uses the PAIR v0 handshake and BMv2 message layout', () => {
    assert.deepEqual([...handshake(PROTOCOL_PAIR)], [0x00, 0x53, 0x50, 0x00, 0x00, 0x10, 0x00, 0x00]);
    const message = encodeIpcMessage(3, 2, 4, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    assert.equal(message.toString('hex'), '01' + '0000000000000010' + '03000000' + '02000000' + '04000000' + 'deadbeef');
    assert.deepEqual(decodeBody(message.subarray(9)), { type: 3, port: 2, more: 4, payload: Buffer.from('deadbeef', 'hex') });
    assert.equal(decodeBody(Buffer.alloc(11)), undefined);
  });

  it('reassembles the same messages whatever the chunk boundaries', () => {
    const arbMessage = fc.record({ type: fc.integer({ min: 0, max: 6 }), port: fc.integer({ min: -5, max: 511 }), payload: fc.uint8Array({ maxLength: 300 }) });
    fc.assert(
      fc.property(fc.array(arbMessage, { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (messages, cuts) => {
        const stream = Buffer.concat([handshake(PROTOCOL_PAIR), ...messages.map((m) => encodeIpcMessage(m.type, m.port, m.payload.length, m.payload))]);
        const { reader, bodies, errors, handshakes } = collect();
        for (let i = 0, c = 0; i < stream.length; c++) {
          const n = cuts[c % cuts.length]!;
          reader.push(stream.subarray(i, i + n));
          i += n;
        }
        assert.deepEqual(errors, []);
        assert.deepEqual(handshakes, [PROTOCOL_PAIR]);
        assert.deepEqual(bodies.map((b) => decodeBody(b)!), messages.map((m) => ({ type: m.type, port: m.port, more: m.payload.length, payload: Buffer.from(m.payload) })));
      }),
    );
  });

  it('refuses a bad handshake as soon as the magic is wrong', () => {
    const { reader, errors } = collect();
    reader.push(Buffer.from('GET / HTTP/1.1\r\n'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'BAD_HANDSHAKE');
    assert.ok(reader.failed);
  });

  it('refuses a peer of another SP protocol', () => {
    const { reader, errors } = collect();
    reader.push(handshake(17));
    assert.equal(errors[0]?.code, 'WRONG_PROTOCOL');
  });

  it('refuses a message type byte other than 0x01 and stops reading', () => {
    const { reader, errors, bodies } = collect();
    reader.push(Buffer.concat([handshake(PROTOCOL_PAIR), Buffer.from([0x02]), encodeIpcMessage(3, 1, 0, new Uint8Array(0))]));
    assert.equal(errors[0]?.code, 'BAD_MESSAGE_TYPE');
    assert.equal(bodies.length, 0);
  });

  it('refuses bodies over 1 MiB, including lengths that need the high 32 bits', () => {
    for (const header of ['01' + '0000000000100001', '01' + '0000000100000000']) {
      const { reader, errors } = collect();
      reader.push(Buffer.concat([handshake(PROTOCOL_PAIR), Buffer.from(header, 'hex')]));
      assert.equal(errors[0]?.code, 'BODY_TOO_LARGE', header);
    }
    const { reader, errors, bodies } = collect();
    const max = Buffer.alloc(9);
    max[0] = 1;
    max.writeUInt32BE(MAX_BODY_LENGTH, 5);
    reader.push(Buffer.concat([handshake(PROTOCOL_PAIR), max, Buffer.alloc(MAX_BODY_LENGTH)]));
    assert.deepEqual(errors, []);
    assert.equal(bodies[0]?.length, MAX_BODY_LENGTH);
  });
});
