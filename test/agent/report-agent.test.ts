import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { AgentError } from '../../src/agent/agent-error.js';
import { LoadSampler, type LoadSample } from '../../src/agent/load-sampler.js';
import { ReportAgent, type Sampler } from '../../src/agent/report-agent.js';
import { L2ReportEncoder, type ReportEncoder } from '../../src/agent/report-encoders.js';
import type { ReportSink } from '../../src/agent/report-sinks.js';
import { parseFrame } from '../../src/packet/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

class MemorySink implements ReportSink {
  readonly packets: Uint8Array[] = [];
  closed = false;
  failNext = 0;
  send(packet: Uint8Array): void {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new AgentError('AGENT_SOCKET', 'send: No buffer space available', 'ENOBUFS');
    }
    this.packets.push(packet);
  }
  close(): void {
    this.closed = true;
  }
}

const encoder = new L2ReportEncoder({ dstMac: 1, srcMac: 2, sourceRoute: [], srcIp: 0x0a000001 });
const decoded = (packet: Uint8Array) => parseFrame(packet).loadReport!;

function fixedSampler(rounds: LoadSample[][]): Sampler {
  return { sample: () => rounds.shift() ?? [] };
}

describe('agent: ReportAgent', () => {
  it('sends one report per sampled core, each stamped by the clock', () => {
    const texts = [fixture('proc-stat-t0.txt'), fixture('proc-stat-t1.txt')];
    const sampler = new LoadSampler({ alpha: 1, reportCores: 3, readStat: () => texts.shift()! });
    const sink = new MemorySink();
    let now = 1000;
    const agent = new ReportAgent({ sampler, encoder, sink, clock: () => now++ });
    assert.equal(agent.tick(), 0, 'the baseline sample reports nothing');
    assert.equal(agent.tick(), 3);
    assert.deepEqual(sink.packets.map((p) => [decoded(p).cpuId, decoded(p).cpuLoad, decoded(p).timestamp]), [[2, 0, 1000], [3, 64, 1001], [0, 128, 1002]]);
    assert.deepEqual(agent.stats, { rounds: 1, reportsSent: 3, sendErrors: 0 });
  });

  it('counts a failed send, reports it, and sends the rest of the round', () => {
    const sink = new MemorySink();
    sink.failNext = 1;
    const errors: AgentError[] = [];
    const agent = new ReportAgent({ sampler: fixedSampler([[{ cpuId: 1, load: 10 }, { cpuId: 0, load: 20 }]]), encoder, sink, onError: (e) => errors.push(e) });
    assert.equal(agent.tick(), 1);
    assert.deepEqual(sink.packets.map((p) => decoded(p).cpuId), [0]);
    assert.deepEqual(agent.stats, { rounds: 1, reportsSent: 1, sendErrors: 1 });
    assert.equal(errors[0]?.errno, 'ENOBUFS');
  });

  it('lets errors other than socket errors through', () => {
    const broken: ReportEncoder = { encode: () => { throw new RangeError('bug'); } };
    const agent = new ReportAgent({ sampler: fixedSampler([[{ cpuId: 0, load: 0 }]]), encoder: broken, sink: new MemorySink() });
    assert.throws(() => agent.tick(), RangeError);
  });

  it('runs the given number of rounds, then resolves', async () => {
    const sink = new MemorySink();
    const rounds = [[], [{ cpuId: 0, load: 1 }], [{ cpuId: 1, load: 2 }], [{ cpuId: 2, load: 3 }]];
    const agent = new ReportAgent({ sampler: fixedSampler(rounds), encoder, sink });
    await agent.run(1, 2);
    assert.deepEqual(sink.packets.map((p) => decoded(p).cpuId), [0, 1]);
    assert.equal(agent.stats.rounds, 2);
  });

  it('stop() ends a run without a round limit', async () => {
    const agent = new ReportAgent({ sampler: fixedSampler([]), encoder, sink: new MemorySink() });
    const running = agent.run(5);
    setTimeout(() => agent.stop(), 20);
    await running;
    assert.equal(agent.stats.rounds, 0);
  });

  it('rejects the run when sampling fails, and refuses a bad interval', async () => {
    const failing: Sampler = { sample: () => { throw new AgentError('PROC_STAT_UNREADABLE', 'cannot read /proc/stat'); } };
    await assert.rejects(new ReportAgent({ sampler: failing, encoder, sink: new MemorySink() }).run(5), /cannot read \/proc\/stat/);
    let calls = 0;
    const failsLater: Sampler = {
      sample: () => {
        calls += 1;
        if (calls === 3) throw new AgentError('PROC_STAT_MALFORMED', '/proc/stat has no per-CPU lines');
        return [{ cpuId: 0, load: calls }];
      },
    };
    const sink = new MemorySink();
    await assert.rejects(new ReportAgent({ sampler: failsLater, encoder, sink }).run(1), /no per-CPU lines/);
    assert.equal(sink.packets.length, 2, 'the rounds before the failure were sent');
    const agent = new ReportAgent({ sampler: fixedSampler([]), encoder, sink: new MemorySink() });
    assert.throws(() => agent.run(0), (e: unknown) => e instanceof AgentError && e.code === 'AGENT_BAD_OPTION');
  });
});
