// Checks across fields that a per-field schema cannot express: uniqueness, references
// between sections, and whether each service can fill its k slots.

import type { RawConfig } from './config-schema.js';

export interface ConfigIssue {
  /** Where the problem is, as in `services[2].vip`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Reports every later item whose `keyOf` equals an earlier one's. */
function checkUnique<T>(
  issues: ConfigIssue[],
  section: string,
  items: readonly T[],
  field: string,
  keyOf: (item: T, index: number) => string | undefined,
  describe: (item: T, index: number) => string = (item) => String((item as Record<string, unknown>)[field]),
): void {
  const firstAt = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item, i);
    if (key === undefined) return;
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, i);
    else issues.push({ path: `${section}[${i}].${field}`, message: `${describe(item, i)} is already used by ${section}[${first}]` });
  });
}

/** The index each server gets: its own `index`, or its position in the list. */
export function resolvedServerIndex(server: RawConfig['servers'][number], position: number): number {
  return server.index ?? position;
}

export function crossFieldIssues(config: RawConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { switches, services, servers } = config;

  checkUnique(issues, 'switches', switches, 'name', (s) => s.name);
  checkUnique(issues, 'switches', switches, 'address', (s) => `${s.address}#${s.deviceId}`, (s) => `address ${s.address} with device id ${s.deviceId}`);

  checkUnique(issues, 'services', services, 'name', (s) => s.name);
  checkUnique(issues, 'services', services, 'index', (s) => String(s.index));
  checkUnique(issues, 'services', services, 'vip', (s) => `${s.vip}/${s.protocol}/${s.port}`, (s) => `${s.vip} ${s.protocol} port ${s.port}`);

  checkUnique(issues, 'servers', servers, 'name', (s) => s.name);
  checkUnique(issues, 'servers', servers, 'index', (s, i) => String(resolvedServerIndex(s, i)), (s, i) => `index ${resolvedServerIndex(s, i)}`);
  checkUnique(issues, 'servers', servers, 'dip', (s) => s.dip);
  checkUnique(issues, 'servers', servers, 'reportAddress6', (s) => s.reportAddress6);
  checkUnique(issues, 'servers', servers, 'mac', (s) => s.mac);

  const serverDips = new Map(servers.map((s, i) => [s.dip, i]));
  services.forEach((service, i) => {
    const server = serverDips.get(service.vip);
    if (server !== undefined) issues.push({ path: `services[${i}].vip`, message: `${service.vip} is the DIP of servers[${server}]` });
  });

  const cpuPorts = new Map(switches.map((s, i) => [s.cpuPort, i]));
  const serviceNames = new Set(services.map((s) => s.name));
  const coresPerService = new Map<string, number>();
  servers.forEach((server, i) => {
    const cpuSwitch = cpuPorts.get(server.switchPort);
    if (cpuSwitch !== undefined) {
      issues.push({ path: `servers[${i}].switchPort`, message: `port ${server.switchPort} is the CPU port of switches[${cpuSwitch}]` });
    }
    const seen = new Set<string>();
    server.services.forEach((serviceName, j) => {
      if (!serviceNames.has(serviceName)) {
        issues.push({ path: `servers[${i}].services[${j}]`, message: `unknown service "${serviceName}"` });
      } else if (seen.has(serviceName)) {
        issues.push({ path: `servers[${i}].services[${j}]`, message: `service "${serviceName}" is listed twice` });
      } else {
        coresPerService.set(serviceName, (coresPerService.get(serviceName) ?? 0) + server.cores);
      }
      seen.add(serviceName);
    });
  });

  services.forEach((service, i) => {
    const cores = coresPerService.get(service.name) ?? 0;
    if (cores === 0) {
      issues.push({ path: `services[${i}]`, message: `no server serves "${service.name}"` });
    } else if (service.k > cores) {
      issues.push({ path: `services[${i}].k`, message: `k = ${service.k} but the servers serving "${service.name}" have only ${cores} cores` });
    }
  });

  return issues;
}
