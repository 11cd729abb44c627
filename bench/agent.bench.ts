// Agent throughput: load reports encoded per second (both formats), whole agent rounds per
// second (sample + smooth + pick + encode, in memory), and reports sent per second through the
// real sockets on a veth pair between two network namespaces (root only; skipped otherwise).
// Prints figures; asserts nothing.
import { LoadSampler } from '../src/agent/load-sampler.js';
import { ReportAgent } from '../src/agent/report-agent.js';
import { IPv6ReportEncoder, L2ReportEncoder } from '../src/agent/report-encoders.js';
import { InterfaceSink, IPv6Sink, type ReportSink } from '../src/agent/report-sinks.js';
import { ipv4, ipv6, mac, nowTimestamp48 } from '../src/packet/index.js';
import { createVethPair } from '../test/agent/support/netns.js';

const SECONDS_PER_CASE = 0.7;

function rate(name: string, unit: string, fn: () => number): void {
  for (let i = 0; i < 2_000; i++) fn();
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(SECONDS_PER_CASE * 1e9);
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 200; i++) count += fn();
    now = process.hrtime.bigint();
  }
  const perSecond = count / (Number(now - start) / 1e9);
  console.log(`${name.padEnd(52)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ${unit}/s`);
}

const l2 = new L2ReportEncoder({ dstMac: mac('02:00:00:00:00:fe'), srcMac: mac('02:00:00:00:00:05'), sourceRoute: [3, 1], srcIp: ipv4('10.9.0.5') });
const v6 = new IPv6ReportEncoder({ src: ipv6('fd00:c0::1'), dst: ipv6('fd00:c0::2'), hopLimit: 64 });
const sample = { cpuId: 3, load: 77 };

rate('encode L2 source-routed report (60-byte frame)', 'reports', () => (l2.encode(sample, nowTimestamp48()), 1));
rate('encode IPv6 report (40-byte packet)', 'reports', () => (v6.encode(sample), 1));

// A 64-core /proc/stat whose counters advance every read, so every round measures something.
const cores = 64;
let tick = 0;
const procStat = (): string => {
  tick += 100;
  const lines = ['cpu  0 0 0 0 0 0 0 0 0 0'];
  for (let c = 0; c < cores; c++) lines.push(`cpu${c} ${tick * ((c % 7) + 1)} 0 ${tick} ${tick * 10} 0 0 0 0 0 0`);
  return `${lines.join('\n')}\n`;
};
const nullSink: ReportSink = { send: () => {}, close: () => {} };
const inMemory = new ReportAgent({ sampler: new LoadSampler({ alpha: 0.5, reportCores: 8, readStat: procStat }), encoder: l2, sink: nullSink });
rate('agent round, 64 cores, report 8 (no socket)', 'rounds', () => (inMemory.tick() > 0 ? 1 : 0));

if (process.getuid?.() !== 0) {
  console.log('sending through raw sockets: skipped (needs root)');
} else {
  const pair = createVethPair('bench', { addressesA: ['fd00:c0::1/64'], addressesB: ['fd00:c0::2/64'] });
  try {
    const frame = l2.encode(sample, nowTimestamp48());
    const packet = v6.encode(sample);
    const packetSink = new InterfaceSink(pair.ifA, pair.netnsPath(pair.nsA));
    rate('send L2 report on AF_PACKET (veth)', 'reports', () => (packetSink.send(frame), 1));
    packetSink.close();
    const v6Sink = new IPv6Sink(ipv6('fd00:c0::2'), pair.netnsPath(pair.nsA));
    rate('send IPv6 report on a raw IPv6 socket (veth)', 'reports', () => (v6Sink.send(packet), 1));
    v6Sink.close();
    const roundSink = new InterfaceSink(pair.ifA, pair.netnsPath(pair.nsA));
    const sending = new ReportAgent({ sampler: new LoadSampler({ alpha: 0.5, reportCores: 8, readStat: procStat }), encoder: l2, sink: roundSink });
    rate('agent round, report 8, sent on AF_PACKET (veth)', 'reports', () => sending.tick());
    roundSink.close();
  } finally {
    pair.destroy();
  }
}
