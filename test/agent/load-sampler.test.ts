import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { AgentError } from '../../src/agent/agent-error.js';
import { utilisationBetween } from '../../src/agent/core-utilisation.js';
import { LoadSampler, leastLoaded, readProcStat } from '../../src/agent/load-sampler.js';
import { LoadSmoother, toLoad255 } from '../../src/agent/load-smoother.js';
import { parseProcStat } from '../../src/agent/proc-stat.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const t0 = fixture('proc-stat-t0.txt');
const t1 = fixture('proc-stat-t1.txt');

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AgentError, String(err));
    return err.code;
  }
  return 'no error';
}

describe('agent: /proc/stat parsing', () => {
  it('reads per-CPU lines, leaving guest time out of the total and idle + iowait out of busy', () => {
    assert.deepEqual(parseProcStat(t0), [
      { cpuId: 0, total: 1000, busy: 200 },
      { cpuId: 1, total: 1000, busy: 600 },
      { cpuId: 2, total: 1000, busy: 0 },
      { cpuId: 3, total: 1000, busy: 280 },
    ]);
  });

  it('accepts the four-field lines of old kernels', () => {
    assert.deepEqual(parseProcStat('cpu 1 2 3 4\ncpu0 10 0 10 80\n'), [{ cpuId: 0, total: 100, busy: 20 }]);
  });

  it('refuses malformed text with the line number', () => {
    assert.equal(code(() => parseProcStat('cpu0 1 2 x 4\n')), 'PROC_STAT_MALFORMED');
    assert.throws(() => parseProcStat('cpu 1\ncpu0 1 2 3\n'), /line 2: cpu0 has 3 fields/);
    assert.equal(code(() => parseProcStat('cpu0 1 2 3 4\ncpu0 1 2 3 4\n')), 'PROC_STAT_MALFORMED');
    assert.equal(code(() => parseProcStat('intr 5\n')), 'PROC_STAT_MALFORMED');
  });
});

describe('agent: utilisation and smoothing', () => {
  it('measures busy / total ticks per core between samples', () => {
    assert.deepEqual(utilisationBetween(parseProcStat(t0), parseProcStat(t1)), [
      { cpuId: 0, utilisation: 0.5 },
      { cpuId: 1, utilisation: 1 },
      { cpuId: 2, utilisation: 0 },
      { cpuId: 3, utilisation: 0.25 },
    ]);
  });

  it('skips cores with no elapsed ticks, counters that went back, and new cores', () => {
    const before = [
      { cpuId: 0, total: 100, busy: 50 },
      { cpuId: 1, total: 100, busy: 50 },
    ];
    const after = [
      { cpuId: 0, total: 100, busy: 50 },
      { cpuId: 1, total: 10, busy: 5 },
      { cpuId: 2, total: 100, busy: 5 },
    ];
    assert.deepEqual(utilisationBetween(before, after), []);
  });

  it('smooths with Load_n = alpha * Load_get + (1 - alpha) * Load_{n-1}', () => {
    const smoother = new LoadSmoother(0.25);
    smoother.update([{ cpuId: 0, utilisation: 0.8 }]);
    assert.equal(smoother.values().get(0), 0.8);
    smoother.update([{ cpuId: 0, utilisation: 0 }]);
    const afterTwo = smoother.values().get(0)!;
    assert.ok(Math.abs(afterTwo - 0.6) < 1e-12, String(afterTwo));
    smoother.update([{ cpuId: 1, utilisation: 1 }]);
    assert.equal(smoother.values().get(0), afterTwo, 'a core absent from an interval keeps its value');
    smoother.retain(new Set([1]));
    assert.deepEqual([...smoother.values().keys()], [1]);
  });

  it('stays within the range of its inputs and converges to a constant input', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (alpha, inputs) => {
        const smoother = new LoadSmoother(alpha);
        for (const u of inputs) smoother.update([{ cpuId: 0, utilisation: u }]);
        const v = smoother.values().get(0)!;
        assert.ok(v >= Math.min(...inputs) - 1e-12 && v <= Math.max(...inputs) + 1e-12);
      }),
    );
    const smoother = new LoadSmoother(0.5);
    for (let i = 0; i < 60; i++) smoother.update([{ cpuId: 0, utilisation: 0.3 }]);
    assert.ok(Math.abs(smoother.values().get(0)! - 0.3) < 1e-9);
  });

  it('refuses alpha outside (0, 1]', () => {
    for (const alpha of [0, -0.1, 1.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(code(() => new LoadSmoother(alpha)), 'AGENT_BAD_OPTION', `alpha ${alpha}`);
    }
    assert.equal(new LoadSmoother(1).alpha, 1);
  });

  it('scales utilisation to 0..255', () => {
    assert.equal(toLoad255(0), 0);
    assert.equal(toLoad255(1), 255);
    assert.equal(toLoad255(0.5), 128);
    assert.equal(toLoad255(1.2), 255);
    assert.equal(toLoad255(-0.1), 0);
  });
});

describe('agent: LoadSampler', () => {
  it('records a baseline first, then reports the n least-loaded cores, least loaded first', () => {
    const texts = [t0, t1];
    const sampler = new LoadSampler({ alpha: 1, reportCores: 3, readStat: () => texts.shift()! });
    assert.deepEqual(sampler.sample(), []);
    assert.deepEqual(sampler.sample(), [
      { cpuId: 2, load: 0 },
      { cpuId: 3, load: 64 },
      { cpuId: 0, load: 128 },
    ]);
  });

  it('breaks load ties by core id', () => {
    assert.deepEqual(leastLoaded(new Map([[5, 0.1], [2, 0.1], [9, 0]]), 2), [
      { cpuId: 9, load: 0 },
      { cpuId: 2, load: 26 },
    ]);
  });

  it('leaves out CPUs beyond the 8-bit core id', () => {
    const line = (id: number, busy: number, total: number) => `cpu${id} ${busy} 0 0 ${total - busy} 0 0 0 0 0 0`;
    const texts = [[line(0, 0, 100), line(256, 0, 100)].join('\n'), [line(0, 50, 200), line(256, 50, 200)].join('\n')];
    const sampler = new LoadSampler({ alpha: 1, reportCores: 4, readStat: () => texts.shift()! });
    sampler.sample();
    assert.deepEqual(sampler.sample(), [{ cpuId: 0, load: 128 }]);
  });

  it('refuses a bad report count or alpha', () => {
    assert.equal(code(() => new LoadSampler({ alpha: 0.5, reportCores: 0 })), 'AGENT_BAD_OPTION');
    assert.equal(code(() => new LoadSampler({ alpha: 0.5, reportCores: 1.5 })), 'AGENT_BAD_OPTION');
    assert.equal(code(() => new LoadSampler({ alpha: 2, reportCores: 1 })), 'AGENT_BAD_OPTION');
  });

  it('names the file it cannot read', () => {
    assert.equal(code(() => readProcStat('/nonexistent/stat')), 'PROC_STAT_UNREADABLE');
    assert.throws(() => readProcStat('/nonexistent/stat'), /cannot read \/nonexistent\/stat: ENOENT/);
  });

  it('samples the real /proc/stat of this machine', function () {
    if (!existsSync('/proc/stat')) this.skip();
    const sampler = new LoadSampler({ alpha: 0.5, reportCores: 64 });
    assert.deepEqual(sampler.sample(), []);
    // Burn a little CPU so that at least one tick elapses.
    const until = Date.now() + 30;
    while (Date.now() < until) Math.sqrt(Math.random());
    const samples = sampler.sample();
    const cpus = parseProcStat(readFileSync('/proc/stat', 'utf8')).filter((c) => c.cpuId <= 255).length;
    assert.ok(samples.length <= cpus);
    for (const s of samples) {
      assert.ok(Number.isInteger(s.load) && s.load >= 0 && s.load <= 255, JSON.stringify(s));
      assert.ok(Number.isInteger(s.cpuId) && s.cpuId >= 0 && s.cpuId <= 255);
    }
    for (let i = 1; i < samples.length; i++) assert.ok(samples[i - 1]!.load <= samples[i]!.load);
  });
});
