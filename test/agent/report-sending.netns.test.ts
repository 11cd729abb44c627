// Real sends: the agent's sockets in one network namespace, a packet capture on the other end of
// a veth pair in another, the captured bytes decoded with src/packet. Needs root (CI runs as root).

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { AgentError } from '../../src/agent/agent-error.js';
import { LoadSampler } from '../../src/agent/load-sampler.js';
import { ALL_ETHERTYPES, PacketSocket } from '../../src/agent/raw-sockets.js';
import { ReportAgent } from '../../src/agent/report-agent.js';
import { IPv6ReportEncoder, L2ReportEncoder, MIN_ETHERNET_FRAME } from '../../src/agent/report-encoders.js';
import { InterfaceSink, IPv6Sink } from '../../src/agent/report-sinks.js';
import {
  decodeIPv6LoadReport, ETHERTYPE_IPV6, ETHERTYPE_LOAD_REPORT, formatIPv6, ipv4, ipv6, mac, nowTimestamp48, parseFrame, timestamp48Diff,
} from '../../src/packet/index.js';
import { createVethPair, ip, requireRoot, type VethPair } from './support/netns.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const AGENT_BIN = new URL('../../bin/corelb-agent.mjs', import.meta.url).pathname;
/** What the fixtures' two samples give with alpha 1, least loaded first: cpu 2 idle, cpu 3 at 25 %, cpu 0 at 50 %. */
const FIXTURE_LOADS = [[2, 0], [3, 64], [0, 128]];

/** Frames that reach `socket` until `count` of them pass `keep`, or the timeout. */
function capture(socket: PacketSocket, count: number, keep: (frame: Uint8Array) => boolean, timeoutMs = 3000): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const deadline = Date.now() + timeoutMs;
  while (frames.length < count && Date.now() < deadline) {
    const frame = socket.receive(Math.max(1, deadline - Date.now()));
    if (frame !== null && keep(frame)) frames.push(frame);
  }
  return frames;
}

function fixtureSampler(): LoadSampler {
  const texts = [fixture('proc-stat-t0.txt'), fixture('proc-stat-t1.txt')];
  return new LoadSampler({ alpha: 1, reportCores: 3, readStat: () => texts.shift()! });
}

const isIPv6Report = (frame: Uint8Array): boolean => {
  const parsed = parseFrame(frame);
  return parsed.ipv6?.trafficClass === 0xfc;
};

describe('agent: reports on the wire (veth between two network namespaces, root)', function () {
  let pair: VethPair;

  before(() => {
    requireRoot('sending reports on raw sockets');
    pair = createVethPair('agent', { addressesA: ['fd00:c0::1/64'], addressesB: ['fd00:c0::2/64'] });
  });

  after(() => pair?.destroy());

  it('sends the source-routed report out of an interface, bytes as fed in', () => {
    const capturer = new PacketSocket(pair.ifB, ETHERTYPE_LOAD_REPORT, pair.netnsPath(pair.nsB));
    const sink = new InterfaceSink(pair.ifA, pair.netnsPath(pair.nsA));
    try {
      const encoder = new L2ReportEncoder({ dstMac: mac('02:00:00:00:00:fe'), srcMac: mac('02:00:00:00:00:05'), sourceRoute: [3, 1], srcIp: ipv4('10.9.0.5') });
      let stamp = 0xabcd_0000_0000;
      const agent = new ReportAgent({ sampler: fixtureSampler(), encoder, sink, clock: () => stamp++ });
      agent.tick();
      assert.equal(agent.tick(), 3);
      const frames = capture(capturer, 3, () => true);
      assert.equal(frames.length, 3, 'three reports arrive');
      const reports = frames.map((frame) => {
        assert.equal(frame.length, MIN_ETHERNET_FRAME);
        const parsed = parseFrame(frame);
        assert.equal(parsed.ethernet.etherType, ETHERTYPE_LOAD_REPORT);
        assert.equal(parsed.ethernet.dst, mac('02:00:00:00:00:fe'));
        return parsed.loadReport!;
      });
      assert.deepEqual(reports.map((r) => [r.cpuId, r.cpuLoad]), FIXTURE_LOADS);
      assert.deepEqual(reports.map((r) => r.timestamp), [0xabcd_0000_0000, 0xabcd_0000_0001, 0xabcd_0000_0002]);
      for (const r of reports) assert.deepEqual([r.sr1, r.sr2, r.sr3, r.sr4, r.srcIp], [3, 1, 0, 0, ipv4('10.9.0.5')]);
    } finally {
      sink.close();
      capturer.close();
    }
  });

  it('sends the IPv6 report from the given source to the load balancer address', () => {
    const capturer = new PacketSocket(pair.ifB, ETHERTYPE_IPV6, pair.netnsPath(pair.nsB));
    const sink = new IPv6Sink(ipv6('fd00:c0::2'), pair.netnsPath(pair.nsA));
    try {
      const encoder = new IPv6ReportEncoder({ src: ipv6('fd00:c0::1'), dst: ipv6('fd00:c0::2'), hopLimit: 7 });
      const agent = new ReportAgent({ sampler: fixtureSampler(), encoder, sink });
      agent.tick();
      assert.equal(agent.tick(), 3);
      const frames = capture(capturer, 3, isIPv6Report);
      assert.equal(frames.length, 3, 'three reports arrive (neighbour discovery frames are left out)');
      const reports = frames.map((frame) => {
        const parsed = parseFrame(frame);
        assert.equal(parsed.payloadOffset, frame.length, 'nothing follows the IPv6 header');
        return decodeIPv6LoadReport(parsed.ipv6!);
      });
      assert.deepEqual(reports.map((r) => [r.cpuId, r.cpuLoad]), FIXTURE_LOADS);
      for (const r of reports) {
        assert.deepEqual([formatIPv6(r.src), formatIPv6(r.dst), r.hopLimit], ['fd00:c0::1', 'fd00:c0::2', 7]);
      }
    } finally {
      sink.close();
      capturer.close();
    }
  });

  it('counts sends that fail while the link is down, and goes on', () => {
    // A pair of its own: taking a link down drops its IPv6 addresses, which the other tests use.
    const downPair = createVethPair('down');
    const sink = new InterfaceSink(downPair.ifA, downPair.netnsPath(downPair.nsA));
    const errors: AgentError[] = [];
    try {
      ip('-n', downPair.nsA, 'link', 'set', downPair.ifA, 'down');
      const encoder = new L2ReportEncoder({ dstMac: 1, srcMac: 2, sourceRoute: [], srcIp: 1 });
      const agent = new ReportAgent({ sampler: fixtureSampler(), encoder, sink, onError: (e) => errors.push(e) });
      agent.tick();
      assert.equal(agent.tick(), 0);
      assert.deepEqual(agent.stats, { rounds: 1, reportsSent: 0, sendErrors: 3 });
      assert.equal(errors[0]?.errno, 'ENETDOWN');
    } finally {
      sink.close();
      downPair.destroy();
    }
  });

  it('names the interface and the system error when a socket cannot be opened', () => {
    assert.throws(
      () => new InterfaceSink('no-such-if0', pair.netnsPath(pair.nsA)),
      (e: unknown) => e instanceof AgentError && e.code === 'AGENT_SOCKET' && /no-such-if0: no such interface/.test(e.message),
    );
    assert.throws(
      () => new InterfaceSink(pair.ifA, '/run/netns/corelb-no-such-namespace'),
      (e: unknown) => e instanceof AgentError && e.errno === 'ENOENT' && /network namespace/.test(e.message),
    );
  });

  it('the corelb-agent command reports this machine\'s cores in both formats', async function () {
    this.timeout(30_000);
    const capturer = new PacketSocket(pair.ifB, ALL_ETHERTYPES, pair.netnsPath(pair.nsB));
    try {
      const run = promisify(execFile);
      const common = ['--rounds', '2', '--cores', '2', '--interval', '50'];
      const l2 = await run('ip', ['netns', 'exec', pair.nsA, process.execPath, AGENT_BIN, 'l2', '-I', pair.ifA, '--src-ip', '10.9.0.5', '--route', '2', ...common]);
      assert.match(l2.stderr, /2 rounds, 4 reports sent, 0 send errors/);
      const v6 = await run('ip', ['netns', 'exec', pair.nsA, process.execPath, AGENT_BIN, 'ipv6', '--src', 'fd00:c0::1', '--lb', 'fd00:c0::2', ...common]);
      assert.match(v6.stderr, /2 rounds, 4 reports sent, 0 send errors/);
      const frames = capture(capturer, 8, (f) => parseFrame(f).loadReport !== undefined || isIPv6Report(f), 5000);
      const l2Reports = frames.map((f) => parseFrame(f).loadReport).filter((r) => r !== undefined);
      const v6Reports = frames.filter(isIPv6Report).map((f) => decodeIPv6LoadReport(parseFrame(f).ipv6!));
      assert.equal(l2Reports.length, 4);
      assert.equal(v6Reports.length, 4);
      const cpus = readFileSync('/proc/stat', 'utf8').split('\n').filter((line) => /^cpu\d+ /.test(line)).length;
      for (const r of [...l2Reports.map((x) => ({ cpuId: x.cpuId, cpuLoad: x.cpuLoad })), ...v6Reports]) {
        assert.ok(r.cpuId < cpus, `core ${r.cpuId} exists`);
        assert.ok(r.cpuLoad >= 0 && r.cpuLoad <= 255);
      }
      for (const r of l2Reports) {
        assert.deepEqual([r.sr1, r.sr2, r.srcIp], [2, 0, ipv4('10.9.0.5')]);
        const age = timestamp48Diff(nowTimestamp48(), r.timestamp);
        assert.ok(age >= 0 && age < 60_000_000, `the timestamp is recent (${age} µs old)`);
      }
    } finally {
      capturer.close();
    }
  });
});
