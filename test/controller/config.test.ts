import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/controller/config.js';

const examplePath = fileURLToPath(new URL('../../examples/corelb.yaml', import.meta.url));

function validRaw(): Record<string, unknown> {
  return {
    switches: [{ name: 's1', address: '127.0.0.1:9559', deviceId: 1, electionId: 1, cpuPort: 255 }],
    services: [
      { name: 'web', vip: '10.0.0.100', protocol: 'tcp', port: 80, k: 4, index: 0 },
      { name: 'dns', vip: '10.0.0.101', protocol: 'udp', port: 53, k: 2, index: 1 },
    ],
    servers: [
      { name: 'a', dip: '10.0.1.1', mac: '02:00:00:00:00:01', switchPort: 1, cores: 4, services: ['web', 'dns'] },
      { name: 'b', dip: '10.0.1.2', mac: '02:00:00:00:00:02', switchPort: 2, cores: 4, services: ['web'] },
    ],
    pipeline: { p4Source: 'lb.p4' },
  };
}

/** The "path: message" lines of the ConfigError thrown for `raw`. */
function problems(raw: unknown): string[] {
  try {
    parseConfig(typeof raw === 'string' ? raw : stringify(raw));
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.issues.map((i) => `${i.path}: ${i.message}`);
  }
  assert.fail('configuration was accepted');
}

function sameProblems(actual: string[], expected: string[]): void {
  assert.deepEqual([...actual].sort(), [...expected].sort());
}

describe('controller configuration', () => {
  it('accepts the bundled example and fills in defaults', async () => {
    const config = parseConfig(await readFile(examplePath, 'utf8'), { baseDir: '/cfg' });
    assert.equal(config.switches.length, 1);
    assert.equal(config.switches[0]!.host, '127.0.0.1');
    assert.equal(config.switches[0]!.port, 9559);
    assert.equal(config.switches[0]!.electionId, 1n);
    assert.deepEqual(config.services.map((s) => s.name), ['web', 'dns']);
    assert.equal(config.servers.length, 4);
    assert.ok(config.servers.every((s) => s.cores === 8));
    assert.deepEqual(config.servers.map((s) => s.index), [0, 1, 2, 3]);
    assert.deepEqual(config.pipeline, { kind: 'source', p4SourcePath: '/p4/lb.p4' });
    assert.equal(config.heavyFlows.rateLimit?.peakBytesPerSecond, 25_000_000);
  });

  it('applies documented defaults when timing, http and logging are omitted', () => {
    const config = parseConfig(stringify(validRaw()));
    assert.deepEqual(config.timing, {
      stalenessThresholdMs: 10,
      serverSilenceTimeoutMs: 1000,
      holdDownMs: 5000,
      ksetPushIntervalMs: 500,
      ksetHysteresisLoad: 8,
      flowIdleTimeoutMs: 10000,
    });
    assert.deepEqual(config.http, { host: '127.0.0.1', port: 9100 });
    assert.equal(config.logging.level, 'info');
  });

  it('reads 128-bit election ids from numbers, decimal and hex strings', () => {
    const raw = validRaw();
    const sw = (raw.switches as Array<Record<string, unknown>>)[0]!;
    sw.electionId = '0xffffffffffffffffffffffffffffffff';
    assert.equal(parseConfig(stringify(raw)).switches[0]!.electionId, (1n << 128n) - 1n);
    sw.electionId = '340282366920938463463374607431768211455';
    assert.equal(parseConfig(stringify(raw)).switches[0]!.electionId, (1n << 128n) - 1n);
    sw.electionId = '0x1_0000_0000_0000_0000_0000_0000_0000_0000';
    assert.deepEqual(problems(raw), ['switches[0].electionId: not an unsigned integer (decimal or 0x hex)']);
    sw.electionId = `0x1${'0'.repeat(32)}`;
    assert.deepEqual(problems(raw), ['switches[0].electionId: must be in 1..2^128-1']);
    sw.electionId = 0;
    assert.deepEqual(problems(raw), ['switches[0].electionId: must be in 1..2^128-1']);
    sw.electionId = 2 ** 60;
    assert.deepEqual(problems(raw), ['switches[0].electionId: not an exact integer; give large values as a string']);
  });

  it('lists every bad field with its path at once', () => {
    const raw = validRaw();
    const services = raw.services as Array<Record<string, unknown>>;
    const servers = raw.servers as Array<Record<string, unknown>>;
    services[1]!.vip = '10.0.0.300';
    services[0]!.protocol = 'sctp';
    services[0]!.k = 17;
    servers[0]!.mac = '02:00:00:00:00';
    servers[1]!.cores = 0;
    servers[1]!.colour = 'blue';
    (raw.switches as Array<Record<string, unknown>>)[0]!.address = 'localhost';
    sameProblems(problems(raw), [
      'services[0].k: k must be at most 16',
      'services[0].protocol: must be "tcp" or "udp"',
      'services[1].vip: not an IPv4 address',
      'servers[0].mac: not a MAC address (expected six hex bytes separated by ":")',
      'servers[1].colour: unknown field',
      'servers[1].cores: cores must be at least 1',
      'switches[0].address: not a host:port address (IPv6 hosts go in brackets: [::1]:9559)',
    ]);
  });

  it('names missing and mistyped fields in YAML terms', () => {
    const raw = validRaw();
    delete (raw.services as Array<Record<string, unknown>>)[0]!.vip;
    (raw.servers as Array<Record<string, unknown>>)[0]!.services = 'web';
    raw.timing = { holdDownMs: 'long' };
    sameProblems(problems(raw), [
      'services[0].vip: required',
      'servers[0].services: expected a list, got string "web"',
      'timing.holdDownMs: expected a number, got string "long"',
    ]);
  });

  it('refuses duplicates, unknown services and unfillable k-sets', () => {
    const raw = validRaw();
    const services = raw.services as Array<Record<string, unknown>>;
    const servers = raw.servers as Array<Record<string, unknown>>;
    services[1]!.index = 0;
    services.push({ name: 'web', vip: '10.0.0.100', protocol: 'tcp', port: 80, k: 1, index: 2 });
    servers[1]!.dip = '10.0.1.1';
    servers[1]!.services = ['web', 'ftp', 'web'];
    servers[0]!.switchPort = 255;
    services[1]!.k = 5;
    sameProblems(problems(raw), [
      'servers[0].switchPort: port 255 is the CPU port of switches[0]',
      'servers[1].dip: 10.0.1.1 is already used by servers[0]',
      'servers[1].services[1]: unknown service "ftp"',
      'servers[1].services[2]: service "web" is listed twice',
      'services[1].index: 0 is already used by services[0]',
      'services[1].k: k = 5 but the servers serving "dns" have only 4 cores',
      'services[2].name: web is already used by services[0]',
      'services[2].vip: 10.0.0.100 tcp port 80 is already used by services[0]',
    ]);
  });

  it('refuses a service nobody serves and a VIP that is a server address', () => {
    const raw = validRaw();
    (raw.servers as Array<Record<string, unknown>>)[0]!.services = ['web'];
    (raw.services as Array<Record<string, unknown>>)[0]!.vip = '10.0.1.2';
    sameProblems(problems(raw), ['services[0].vip: 10.0.1.2 is the DIP of servers[1]', 'services[1]: no server serves "dns"']);
  });

  it('checks explicit server indices for collisions with positional ones', () => {
    const raw = validRaw();
    (raw.servers as Array<Record<string, unknown>>)[1]!.index = 0;
    assert.deepEqual(problems(raw), ['servers[1].index: index 0 is already used by servers[0]']);
  });

  it('takes an optional heavy-flow rate limit and checks it', () => {
    const rateLimit = { committedBytesPerSecond: 1_000_000, committedBurstBytes: 15_000, peakBytesPerSecond: 2_000_000, peakBurstBytes: 30_000 };
    const config = parseConfig(stringify({ ...validRaw(), heavyFlows: { rateLimit } }));
    assert.deepEqual(config.heavyFlows.rateLimit, rateLimit);
    assert.equal(parseConfig(stringify(validRaw())).heavyFlows.rateLimit, undefined);
    sameProblems(problems({ ...validRaw(), heavyFlows: { rateLimit: { ...rateLimit, peakBytesPerSecond: 999_999, committedBurstBytes: 0 } } }), [
      'heavyFlows.rateLimit.committedBurstBytes: committedBurstBytes must be positive',
      'heavyFlows.rateLimit.peakBytesPerSecond: must be at least committedBytesPerSecond',
    ]);
    sameProblems(problems({ ...validRaw(), heavyFlows: { rateLimit: { committedBytesPerSecond: 1 } } }), [
      'heavyFlows.rateLimit.committedBurstBytes: required',
      'heavyFlows.rateLimit.peakBytesPerSecond: required',
      'heavyFlows.rateLimit.peakBurstBytes: required',
    ]);
  });

  it('needs exactly one pipeline form', () => {
    const raw = validRaw();
    raw.pipeline = { p4info: 'lb.p4info.txtpb', p4Source: 'lb.p4' };
    assert.deepEqual(problems(raw), ['pipeline: give either p4info and deviceConfig, or p4Source, not both']);
    raw.pipeline = { p4info: 'lb.p4info.txtpb' };
    assert.deepEqual(problems(raw), ['pipeline.deviceConfig: required with p4info']);
    raw.pipeline = {};
    assert.deepEqual(problems(raw), ['pipeline: give either p4info and deviceConfig, or p4Source']);
  });

  it('reports YAML syntax errors and an empty file', () => {
    const syntax = problems('switches: [\n  - name: x\n');
    assert.ok(syntax.length >= 1 && syntax[0]!.startsWith(': '), syntax.join('\n'));
    sameProblems(problems(''), ['pipeline: required', 'servers: required', 'services: required', 'switches: required']);
    try {
      parseConfig('a: 1\na: 2\n');
      assert.fail('duplicate keys accepted');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.code, 'CONFIG_SYNTAX');
    }
  });

  it('formats the error message with the source and one line per problem', () => {
    const raw = validRaw();
    (raw.services as Array<Record<string, unknown>>)[0]!.port = 0;
    try {
      parseConfig(stringify(raw), { source: 'x.yaml' });
      assert.fail('accepted');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.message, 'x.yaml: configuration error:\n  services[0].port: port must be at least 1');
    }
  });

  describe('loadConfigFile', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'corelb-config-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('resolves pipeline paths against the file and checks they are readable', async () => {
      const raw = validRaw();
      raw.pipeline = { p4info: 'lb.p4info.txtpb', deviceConfig: 'lb.json' };
      await writeFile(join(dir, 'c.yaml'), stringify(raw));
      await writeFile(join(dir, 'lb.p4info.txtpb'), '');
      await assert.rejects(loadConfigFile(join(dir, 'c.yaml')), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.issues, [{ path: 'pipeline.deviceConfig', message: `cannot read ${join(dir, 'lb.json')}` }]);
        return true;
      });
      await writeFile(join(dir, 'lb.json'), '{}');
      const config = await loadConfigFile(join(dir, 'c.yaml'));
      assert.deepEqual(config.pipeline, { kind: 'compiled', p4infoPath: join(dir, 'lb.p4info.txtpb'), deviceConfigPath: join(dir, 'lb.json') });
    });

    it('reports a missing file as unreadable', async () => {
      await assert.rejects(loadConfigFile(join(dir, 'nope.yaml')), (err: unknown) => err instanceof ConfigError && err.code === 'CONFIG_UNREADABLE');
    });
  });
});
