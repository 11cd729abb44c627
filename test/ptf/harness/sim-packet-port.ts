// Connects a simulator device to BMv2's nanomsg packet interface: frames the harness injects go
// into the device, frames the device sends out of data ports go back to the harness. Counts
// both, so a caller in the same process can tell when nothing is in flight.
import { PacketPortServer } from '../../../src/sim/ports/index.js';
import type { Device } from '../../../src/sim/server/device.js';

export interface AttachedPacketPort {
  /** Frames received from the harness and handed to the device. */
  readonly framesIn: number;
  /** Frames the device sent out and this port passed to the harness. */
  readonly framesOut: number;
  close(): Promise<void>;
}

export async function attachPacketPort(device: Device, address: string): Promise<AttachedPacketPort> {
  const ports = await PacketPortServer.listen(address);
  const counts = { framesIn: 0, framesOut: 0 };
  ports.on('packet', (port, frame) => {
    counts.framesIn += 1;
    device.injectPacket(port, frame);
  });
  // A misbehaving peer is dropped by the server; the switch keeps running, as BMv2 does.
  ports.on('peer-error', () => undefined);
  const stopOutput = device.onPortOutput((port, frame) => {
    counts.framesOut += 1;
    ports.sendPacket(port, frame);
  });
  return {
    get framesIn() {
      return counts.framesIn;
    },
    get framesOut() {
      return counts.framesOut;
    },
    async close() {
      stopOutput();
      await ports.close();
    },
  };
}
