// The XDP program (xdp/corelb_shim.bpf.c) on a real veth: built with xdp/build.sh, attached by
// xdp/load.sh to the receiving end in one namespace, frames sent from the other end. Checked:
// what reaches the stack (a packet capture on the receiving end, which sees frames after XDP),
// which CPU handled each frame (a CPU fanout group: one capture socket per CPU), and the
// counters (xdp/stats.sh). Runs in native (xdpdrv) and generic (xdpgeneric) mode: veth has
// both here. Needs root, clang, libbpf-dev and bpftool (.ci/run installs them).

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_ETHERTYPES, PacketSocket } from '../../src/agent/raw-sockets.js';
import { buildPacket, ETHERTYPE_CORE_SHIM, ETHERTYPE_IPV4, parseFrame } from '../../src/packet/index.js';
import { createVethPair, requireRoot, type VethPair } from './support/netns.js';

const XDP_DIR = new URL('../../xdp/', import.meta.url).pathname;
const STAT_NAMES = ['redirected', 'unknown_core', 'truncated', 'other'] as const;
type Stats = Record<(typeof STAT_NAMES)[number], number>;
/** Online CPUs: what xdp/load.sh puts in the CPU map, and the fanout group's size. */
const ONLINE_CPUS = cpus().length;
/** Cores checked one by one for steering (all of CI's 2; a bound on big machines). */
const STEERED_CORES = Math.min(ONLINE_CPUS, 8);

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function requireTool(tool: string, pkg: string): void {
  try {
    run('sh', ['-c', `command -v ${tool}`]);
  } catch {
    throw new Error(`the XDP tests need ${tool} (apt-get install ${pkg}; .ci/run does)`);
  }
}

function readStats(pin: string): Stats {
  const out = run(join(XDP_DIR, 'stats.sh'), ['--pin', pin]);
  const stats = Object.fromEntries(STAT_NAMES.map((name) => [name, -1])) as Stats;
  for (const line of out.trim().split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name !== undefined && name in stats) stats[name as keyof Stats] = Number(value);
  }
  return stats;
}

function statsDelta(before: Stats, after: Stats): Stats {
  return Object.fromEntries(STAT_NAMES.map((name) => [name, after[name] - before[name]])) as Stats;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** An IPv4/UDP frame whose payload names it, with or without a shim for `coreId`. */
function udpFrame(marker: string, coreId?: number): Uint8Array {
  return buildPacket({ ...(coreId === undefined ? {} : { coreShim: { coreId } }), ipv4: {}, udp: { dstPort: 7777 }, payload: marker });
}

/** Frames on `socket` until one whose payload is `marker` (returned) or the timeout (null); others go to `seen`. */
function receiveMarked(socket: PacketSocket, marker: string, seen: Uint8Array[] = [], timeoutMs = 2000): Uint8Array | null {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const frame = socket.receive(Math.max(1, deadline - Date.now()));
    if (frame === null) return null;
    let payload = '';
    try {
      payload = text(parseFrame(frame).payload);
    } catch {
      // Not a frame we built (a shim frame with a truncated header, for example).
    }
    if (payload === marker) return frame;
    seen.push(frame);
  }
  return null;
}

describe('xdp: core shim removal and CPU steering (veth in network namespaces, root)', function () {
  this.timeout(30_000);
  let pair: VethPair;
  let bpffs: string;

  before(() => {
    requireRoot('attaching XDP programs');
    requireTool('clang', 'clang');
    requireTool('bpftool', 'bpftool');
    run(join(XDP_DIR, 'build.sh'), []);
    bpffs = mkdtempSync(join(tmpdir(), 'corelb-bpffs-'));
    // A BPF filesystem outside /sys: `ip netns exec` mounts a fresh /sys, and the pins must be
    // visible both inside the namespace (to attach) and outside it (to read the counters).
    run('mount', ['-t', 'bpf', 'bpf', bpffs]);
    pair = createVethPair('xdp');
  });

  after(() => {
    pair?.destroy();
    if (bpffs !== undefined) {
      try {
        run('umount', [bpffs]);
      } finally {
        rmdirSync(bpffs);
      }
    }
  });

  for (const mode of ['native', 'generic'] as const) {
    describe(`${mode} mode`, () => {
      let pin: string;
      let sender: PacketSocket;
      let capture: PacketSocket;

      before(() => {
        pin = join(bpffs, mode);
        const out = run('ip', ['netns', 'exec', pair.nsB, join(XDP_DIR, 'load.sh'), pair.ifB, '--mode', mode, '--pin', pin]);
        assert.match(out, new RegExp(`attached to ${pair.ifB} \\(${mode === 'native' ? 'xdpdrv' : 'xdpgeneric'}\\), ${ONLINE_CPUS} CPUs in the map`));
        sender = new PacketSocket(pair.ifA, undefined, pair.netnsPath(pair.nsA));
        capture = new PacketSocket(pair.ifB, ALL_ETHERTYPES, pair.netnsPath(pair.nsB));
      });

      after(() => {
        sender?.close();
        capture?.close();
        if (pin !== undefined) run('ip', ['netns', 'exec', pair.nsB, join(XDP_DIR, 'unload.sh'), pair.ifB, '--pin', pin]);
      });

      it('removes the shim, restores the EtherType, and hands the frame to the stack on CPU core_id', () => {
        const group = (process.pid + (mode === 'native' ? 0 : 1)) & 0xffff;
        const perCpu = Array.from({ length: ONLINE_CPUS }, () => {
          const socket = new PacketSocket(pair.ifB, ETHERTYPE_IPV4, pair.netnsPath(pair.nsB));
          socket.joinCpuFanout(group);
          return socket;
        });
        try {
          const before = readStats(pin);
          for (let core = 0; core < STEERED_CORES; core++) {
            const marker = `${mode} to core ${core}`;
            const sent = udpFrame(marker, core);
            sender.send(sent);
            const arrived = receiveMarked(perCpu[core]!, marker);
            assert.ok(arrived !== null, `the frame for core ${core} reached the stack on CPU ${core}`);
            assert.deepEqual(arrived, udpFrame(marker), 'exactly the frame without its shim');
            assert.equal(parseFrame(arrived).ethernet.etherType, ETHERTYPE_IPV4);
          }
          assert.equal(statsDelta(before, readStats(pin)).redirected, STEERED_CORES);
        } finally {
          for (const socket of perCpu) socket.close();
        }
      });

      it('passes frames without the shim unchanged', () => {
        const before = readStats(pin);
        const sent = udpFrame(`${mode} plain`);
        sender.send(sent);
        assert.deepEqual(receiveMarked(capture, `${mode} plain`), sent);
        const delta = statsDelta(before, readStats(pin));
        assert.equal(delta.other >= 1, true, 'counted as other');
        assert.deepEqual([delta.redirected, delta.unknown_core, delta.truncated], [0, 0, 0]);
      });

      it('removes the shim but does not steer when core_id is not in the CPU map', () => {
        const before = readStats(pin);
        sender.send(udpFrame(`${mode} unknown core`, 255));
        assert.deepEqual(receiveMarked(capture, `${mode} unknown core`), udpFrame(`${mode} unknown core`));
        const delta = statsDelta(before, readStats(pin));
        assert.deepEqual([delta.unknown_core, delta.redirected, delta.truncated], [1, 0, 0]);
      });

      it('drops a shim frame too short for its shim, and counts it', () => {
        const before = readStats(pin);
        const truncated = buildPacket({ eth: { etherType: ETHERTYPE_CORE_SHIM }, payload: new Uint8Array([1, 0, 0x08]) });
        assert.equal(truncated.length, 17);
        sender.send(truncated);
        const marker = `${mode} after the truncated frame`;
        sender.send(udpFrame(marker));
        const seen: Uint8Array[] = [];
        assert.ok(receiveMarked(capture, marker, seen) !== null);
        // The link's own traffic (IPv6 neighbour discovery, say) may be captured too: look at EtherTypes only.
        assert.ok(!seen.some((frame) => ((frame[12]! << 8) | frame[13]!) === ETHERTYPE_CORE_SHIM), 'no shim frame reached the stack');
        const delta = statsDelta(before, readStats(pin));
        assert.deepEqual([delta.truncated, delta.redirected, delta.unknown_core], [1, 0, 0]);
      });
    });
  }
});
