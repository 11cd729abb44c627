// The configuration-derived entries every switch holds (docs/dataplane.md): the
// report allowlists, VIPs and services, per-server forwarding and the return-path
// SNAT, plus the digest configurations. Built once from the configuration, checked
// against the P4Info, and synced to each switch (table-sync.ts).

import { CodedError, type Entity, type EntityBuilder, type TableEntry } from '../p4runtime/index.js';
import type { CorelbConfig, SwitchConfig } from './config.js';
import { ACTIONS, DIGESTS, PROTOCOL_NUMBER, TABLES } from './dataplane-names.js';

export class BaseEntriesError extends CodedError<'BASE_ENTRIES_CONFLICT'> {
  override readonly name = 'BaseEntriesError';
  constructor(message: string) {
    super('BASE_ENTRIES_CONFLICT', message);
  }
}

/** The tables whose whole content the controller owns and syncs from the configuration. */
export const BASE_TABLES: readonly string[] = [
  TABLES.reportSources, TABLES.reportSourcesV6, TABLES.vips, TABLES.services, TABLES.servers, TABLES.snat,
];

export interface DigestBatching {
  maxTimeoutNs: bigint;
  maxListSize: number;
  ackTimeoutNs: bigint;
}

/**
 * Digest lists are sent when full or after 1 ms: load reports and new flows are batched
 * under load without delaying a lone report by more than that.
 */
export const DEFAULT_DIGEST_BATCHING: DigestBatching = { maxTimeoutNs: 1_000_000n, maxListSize: 1024, ackTimeoutNs: 1_000_000_000n };

export function baseTableEntries(builder: EntityBuilder, config: CorelbConfig, sw: SwitchConfig): TableEntry[] {
  const entries: TableEntry[] = [];
  const add = (table: string, match: Record<string, string | number>, action: string, params: Record<string, string | number> = {}): void => {
    entries.push(builder.tableEntry({ table, match, action: { name: action, params } }));
  };
  for (const server of config.servers) {
    add(TABLES.reportSources, { ingress_port: server.switchPort, src_ip: server.dip }, ACTIONS.acceptReport, { server: server.index });
    if (server.reportAddress6 !== undefined) {
      add(TABLES.reportSourcesV6, { ingress_port: server.switchPort, src_addr: server.reportAddress6 }, ACTIONS.acceptReport, { server: server.index });
    }
    add(TABLES.servers, { server: server.index }, ACTIONS.toServer, { dip: server.dip, server_mac: server.mac, switch_mac: sw.mac, port: server.switchPort });
  }
  for (const vip of new Set(config.services.map((s) => s.vip))) add(TABLES.vips, { dst_addr: vip }, ACTIONS.markVip);
  for (const service of config.services) {
    add(TABLES.services, { dst_addr: service.vip, protocol: PROTOCOL_NUMBER[service.protocol], dst_port: service.port }, ACTIONS.setService, { service: service.index });
  }
  // Return path: replies from (DIP, protocol, service port) get the service's VIP as source.
  const snat = new Map<string, string>();
  for (const server of config.servers) {
    for (const name of server.services) {
      const service = config.services.find((s) => s.name === name)!;
      const key = `${server.dip}/${service.protocol}/${service.port}`;
      const previous = snat.get(key);
      if (previous !== undefined && previous !== service.vip) {
        throw new BaseEntriesError(`server ${server.name} serves ${service.protocol} port ${service.port} for two VIPs (${previous}, ${service.vip}): its replies cannot be mapped back to one VIP`);
      }
      if (previous !== undefined) continue;
      snat.set(key, service.vip);
      add(TABLES.snat, { src_addr: server.dip, protocol: PROTOCOL_NUMBER[service.protocol], src_port: service.port }, ACTIONS.rewriteSource, { vip: service.vip });
    }
  }
  return entries;
}

export function digestConfigs(builder: EntityBuilder, batching: DigestBatching = DEFAULT_DIGEST_BATCHING): Entity[] {
  return [DIGESTS.loadReport, DIGESTS.newFlow].map((digest) => builder.digest({ digest, config: batching }));
}
