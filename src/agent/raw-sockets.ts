// The raw sockets the agent sends reports on, through the corelb_rawnet addon
// (src/agent/native/corelb_rawnet.c, built by node-gyp during `npm ci`). Node itself has no
// AF_PACKET socket and no raw IPv6 socket. Opening either needs CAP_NET_RAW (root).

import { createRequire } from 'node:module';
import { AgentError } from './agent-error.js';

/** The addon's functions, exactly as corelb_rawnet.c defines them. */
interface RawNetAddon {
  openPacketSocket(ifname: string, protocol: number, netns: string | null): number;
  openIPv6RawSocket(netns: string | null): number;
  send(fd: number, frame: Uint8Array): number;
  sendTo6(fd: number, packet: Uint8Array, destination: Uint8Array): number;
  receive(fd: number, timeoutMs: number): Uint8Array | null;
  joinCpuFanout(fd: number, group: number): void;
  close(fd: number): void;
}

/** EtherType value that makes a packet socket receive every protocol (ETH_P_ALL). */
export const ALL_ETHERTYPES = 0x0003;
/** A packet socket bound with protocol 0 receives nothing: the agent's sockets only send. */
export const SEND_ONLY = 0;

const ADDON_PATH = '../../build/Release/corelb_rawnet.node';
let addon: RawNetAddon | undefined;

function rawNet(): RawNetAddon {
  if (addon !== undefined) return addon;
  try {
    addon = createRequire(import.meta.url)(ADDON_PATH) as RawNetAddon;
  } catch (err) {
    throw new AgentError(
      'AGENT_NATIVE_MISSING',
      `the raw-socket addon is not built (${(err as Error).message}); run \`npm ci\` or \`npx node-gyp rebuild\` (needs g++, make, python3)`,
    );
  }
  return addon;
}

/** Runs one addon call, turning a system error into an AgentError that says what was attempted. */
function call<T>(what: string, fn: (net: RawNetAddon) => T): T {
  const net = rawNet();
  try {
    return fn(net);
  } catch (err) {
    const e = err as Error & { code?: string };
    const hint = e.code === 'EPERM' || e.code === 'EACCES' ? ' (raw sockets need root or CAP_NET_RAW)' : '';
    throw new AgentError('AGENT_SOCKET', `${what}: ${e.message}${hint}`, e.code);
  }
}

/** Where a socket is created: a network namespace path (/run/netns/NAME), or null for our own. */
export type NetnsPath = string | null;

/** An AF_PACKET socket bound to one interface. */
export class PacketSocket {
  private fd: number | undefined;

  constructor(
    readonly ifname: string,
    protocol = SEND_ONLY,
    netns: NetnsPath = null,
  ) {
    this.fd = call(`opening a packet socket on ${ifname}`, (net) => net.openPacketSocket(ifname, protocol, netns));
  }

  /** Sends one whole Ethernet frame (without FCS). */
  send(frame: Uint8Array): void {
    const fd = this.open();
    call(`sending on ${this.ifname}`, (net) => net.send(fd, frame));
  }

  /** The next frame received from the wire, or null after timeoutMs. Blocks the thread. */
  receive(timeoutMs: number): Uint8Array | null {
    const fd = this.open();
    const frame = call(`receiving on ${this.ifname}`, (net) => net.receive(fd, timeoutMs));
    // The addon hands back a Buffer; callers compare frames with plain Uint8Arrays.
    return frame === null ? null : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  }

  /**
   * Joins fanout group `group` in CPU mode: a frame goes to member (receiving CPU % members),
   * members numbered in the order they joined.
   */
  joinCpuFanout(group: number): void {
    const fd = this.open();
    call(`joining fanout group ${group} on ${this.ifname}`, (net) => net.joinCpuFanout(fd, group));
  }

  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) call(`closing the socket on ${this.ifname}`, (net) => net.close(fd));
  }

  private open(): number {
    if (this.fd === undefined) throw new AgentError('AGENT_SOCKET', `the socket on ${this.ifname} is closed`);
    return this.fd;
  }
}

/** A raw IPv6 socket that sends whole IPv6 packets (header included); the kernel routes them. */
export class IPv6RawSocket {
  private fd: number | undefined;

  constructor(netns: NetnsPath = null) {
    this.fd = call('opening a raw IPv6 socket', (net) => net.openIPv6RawSocket(netns));
  }

  sendTo(packet: Uint8Array, destination: Uint8Array): void {
    const fd = this.fd;
    if (fd === undefined) throw new AgentError('AGENT_SOCKET', 'the raw IPv6 socket is closed');
    call('sending an IPv6 packet', (net) => net.sendTo6(fd, packet, destination));
  }

  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) call('closing the raw IPv6 socket', (net) => net.close(fd));
  }
}
