// The shape of the controller's YAML configuration, field by field (docs/configuration.md).
// Checks that involve several fields (uniqueness, references, k against cores) live in
// config-checks.ts; reading the file and reporting errors in config.ts.

import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { MAX_CORES_PER_SERVER, MAX_K, MAX_LOAD, MAX_PORT, MAX_SERVER_INDEX, MAX_SERVICES } from './limits.js';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, "_", "." and "-"');

const ipv4 = z.string().refine((s) => isIPv4(s), 'not an IPv4 address');

const ipv6 = z
  .string()
  .refine((s) => isIPv6(s) && !s.includes('%'), 'not an IPv6 address (zone ids are not allowed)')
  .transform((s) => s.toLowerCase());

const mac = z
  .string()
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/, 'not a MAC address (expected six hex bytes separated by ":")')
  .transform((s) => s.toLowerCase());

const port = (what: string, min: number, max: number) =>
  z.number().int(`${what} must be an integer`).min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`);

const switchPort = port('port', 0, MAX_PORT);

const hostPort = z.string().refine((s) => parseHostPort(s) !== undefined, 'not a host:port address (IPv6 hosts go in brackets: [::1]:9559)');

/** An unsigned integer of `bits` bits given as a YAML number or a decimal or 0x-hex string. */
function unsignedBig(bits: number, min: bigint) {
  const max = (1n << BigInt(bits)) - 1n;
  return z.union([z.number(), z.string()]).transform((raw, ctx) => {
    let value: bigint;
    if (typeof raw === 'number') {
      if (!Number.isSafeInteger(raw)) {
        ctx.addIssue({ code: 'custom', message: 'not an exact integer; give large values as a string' });
        return z.NEVER;
      }
      value = BigInt(raw);
    } else if (/^(0|[1-9][0-9]*|0[xX][0-9A-Fa-f]+)$/.test(raw.trim())) {
      value = BigInt(raw.trim());
    } else {
      ctx.addIssue({ code: 'custom', message: 'not an unsigned integer (decimal or 0x hex)' });
      return z.NEVER;
    }
    if (value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `must be in ${min}..2^${bits}-1` });
      return z.NEVER;
    }
    return value;
  });
}

const millis = (what: string, min: number) =>
  z.number().int(`${what} must be a whole number of milliseconds`).min(min, `${what} must be at least ${min} ms`);

export const switchSchema = z.strictObject({
  name,
  address: hostPort,
  deviceId: unsignedBig(64, 0n),
  // 0 is refused: P4Runtime never makes a client with election id 0 primary.
  electionId: unsignedBig(128, 1n),
  cpuPort: switchPort,
  // BMv2's P4Runtime server cannot write registers, so k-sets go through packet-outs by
  // default; targets that accept RegisterEntry writes (the simulator) may use them.
  kSetWrites: z.enum(['packet-out', 'registers'], 'must be "packet-out" or "registers"').default('packet-out'),
  /** Source MAC of frames the switch sends to servers. */
  mac: mac.default('02:00:00:00:00:fe'),
});

export const serviceSchema = z.strictObject({
  name,
  vip: ipv4,
  protocol: z.enum(['tcp', 'udp'], 'must be "tcp" or "udp"'),
  port: port('port', 1, 65535),
  k: port('k', 1, MAX_K),
  index: port('index', 0, MAX_SERVICES - 1),
});

export const serverSchema = z.strictObject({
  name,
  /** Position in the data plane's per-server table; defaults to the position in the list. */
  index: port('index', 0, MAX_SERVER_INDEX).optional(),
  dip: ipv4,
  reportAddress6: ipv6.optional(),
  mac,
  switchPort,
  cores: port('cores', 1, MAX_CORES_PER_SERVER),
  services: z.array(name).min(1, 'a server must serve at least one service'),
});

export const timingSchema = z.strictObject({
  stalenessThresholdMs: millis('stalenessThresholdMs', 1).default(10),
  serverSilenceTimeoutMs: millis('serverSilenceTimeoutMs', 1).default(1000),
  holdDownMs: millis('holdDownMs', 0).default(5000),
  ksetPushIntervalMs: millis('ksetPushIntervalMs', 0).default(500),
  ksetHysteresisLoad: z.number().min(0, 'must be at least 0').max(MAX_LOAD, `must be at most ${MAX_LOAD}`).default(8),
  flowIdleTimeoutMs: millis('flowIdleTimeoutMs', 1).default(10000),
});

const bytes = (what: string) => z.number().int(`${what} must be an integer`).positive(`${what} must be positive`);

/** The redirect entry's direct meter for a heavy flow (two-rate three-colour, bytes). */
export const rateLimitSchema = z
  .strictObject({
    committedBytesPerSecond: bytes('committedBytesPerSecond'),
    committedBurstBytes: bytes('committedBurstBytes'),
    peakBytesPerSecond: bytes('peakBytesPerSecond'),
    peakBurstBytes: bytes('peakBurstBytes'),
  })
  .superRefine((r, ctx) => {
    if (r.peakBytesPerSecond < r.committedBytesPerSecond) {
      ctx.addIssue({ code: 'custom', path: ['peakBytesPerSecond'], message: 'must be at least committedBytesPerSecond' });
    }
  });

export const heavyFlowsSchema = z.strictObject({
  pollIntervalMs: millis('pollIntervalMs', 0).default(1000),
  bytesPerSecond: z.number().positive('must be positive').default(12_500_000),
  markDscp: port('markDscp', 0, 63).default(8),
  rateLimit: rateLimitSchema.optional(),
  loadPenalty: z.number().min(0, 'must be at least 0').max(MAX_LOAD, `must be at most ${MAX_LOAD}`).default(64),
  penaltyMs: millis('penaltyMs', 0).default(5000),
});

export const pipelineSchema = z
  .strictObject({
    p4info: z.string().min(1).optional(),
    deviceConfig: z.string().min(1).optional(),
    p4Source: z.string().min(1).optional(),
  })
  .superRefine((p, ctx) => {
    const binary = p.p4info !== undefined || p.deviceConfig !== undefined;
    if (binary && p.p4Source !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either p4info and deviceConfig, or p4Source, not both' });
    } else if (!binary && p.p4Source === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either p4info and deviceConfig, or p4Source' });
    } else if (binary) {
      if (p.p4info === undefined) ctx.addIssue({ code: 'custom', path: ['p4info'], message: 'required with deviceConfig' });
      if (p.deviceConfig === undefined) ctx.addIssue({ code: 'custom', path: ['deviceConfig'], message: 'required with p4info' });
    }
  });

export const httpSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: port('port', 0, 65535).default(9100),
});

export const loggingSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent').default('info'),
});

export const configSchema = z.strictObject({
  switches: z.array(switchSchema).min(1, 'at least one switch is required'),
  services: z.array(serviceSchema).min(1, 'at least one service is required').max(MAX_SERVICES, `at most ${MAX_SERVICES} services`),
  servers: z.array(serverSchema).min(1, 'at least one server is required'),
  timing: timingSchema.prefault({}),
  heavyFlows: heavyFlowsSchema.prefault({}),
  pipeline: pipelineSchema,
  http: httpSchema.prefault({}),
  logging: loggingSchema.prefault({}),
});

export type RawConfig = z.output<typeof configSchema>;

/** Splits `host:port` / `[v6]:port`; undefined when malformed. */
export function parseHostPort(address: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):([0-9]{1,5})$/.exec(address);
  if (match === null) return undefined;
  const host = match[1] ?? match[2]!;
  const portNumber = Number(match[3]);
  if (portNumber < 1 || portNumber > 65535) return undefined;
  if (match[1] !== undefined && !isIPv6(host)) return undefined;
  // All-numeric dotted names are meant as IPv4 and must be valid ones.
  if (match[2] !== undefined && /^[0-9.]+$/.test(host) && !isIPv4(host)) return undefined;
  if (match[2] !== undefined && !isIPv4(host) && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)) {
    return undefined;
  }
  return { host, port: portNumber };
}
