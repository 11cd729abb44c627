// Where encoded reports go. The scheduler only sees ReportSink, so its logic is tested with an
// in-memory sink and no privileges; the socket sinks are tested in network namespaces.

import type { IPv6Address } from '../packet/index.js';
import { IPv6RawSocket, PacketSocket, type NetnsPath } from './raw-sockets.js';

export interface ReportSink {
  send(packet: Uint8Array): void;
  close(): void;
}

/** Sends each report as a whole Ethernet frame out of one interface. */
export class InterfaceSink implements ReportSink {
  private readonly socket: PacketSocket;

  constructor(ifname: string, netns: NetnsPath = null) {
    this.socket = new PacketSocket(ifname, undefined, netns);
  }

  send(frame: Uint8Array): void {
    this.socket.send(frame);
  }

  close(): void {
    this.socket.close();
  }
}

/** Sends each report as a whole IPv6 packet towards the load balancer; the kernel routes it. */
export class IPv6Sink implements ReportSink {
  private readonly socket: IPv6RawSocket;

  constructor(private readonly destination: IPv6Address, netns: NetnsPath = null) {
    this.socket = new IPv6RawSocket(netns);
  }

  send(packet: Uint8Array): void {
    this.socket.sendTo(packet, this.destination);
  }

  close(): void {
    this.socket.close();
  }
}
