// Reading and validating the controller's YAML configuration. A configuration is either
// entirely valid or refused with every problem listed, each with its path
// (`services[2].vip: not an IPv4 address`), before anything touches a switch.

import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ConfigIssue, crossFieldIssues, formatPath, resolvedServerIndex } from './config-checks.js';
import { configSchema, parseHostPort, type RawConfig } from './config-schema.js';

export type { ConfigIssue } from './config-checks.js';

export type ConfigErrorCode = 'CONFIG_UNREADABLE' | 'CONFIG_SYNTAX' | 'CONFIG_INVALID';

export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${source}: ${issues.length === 1 ? 'configuration error' : `${issues.length} configuration errors`}:\n${issues.map((i) => `  ${i.path === '' ? '(file)' : i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface SwitchConfig {
  name: string;
  address: string;
  host: string;
  port: number;
  deviceId: bigint;
  electionId: bigint;
  cpuPort: number;
  kSetWrites: 'packet-out' | 'registers';
  /** Source MAC of frames to servers, lower-case. */
  mac: string;
}

export interface ServiceConfig {
  name: string;
  vip: string;
  protocol: 'tcp' | 'udp';
  port: number;
  k: number;
  index: number;
}

export interface ServerConfig {
  name: string;
  index: number;
  dip: string;
  reportAddress6: string | undefined;
  mac: string;
  switchPort: number;
  cores: number;
  /** Names of the services this server serves. */
  services: string[];
}

export type TimingConfig = RawConfig['timing'];
export type HeavyFlowsConfig = RawConfig['heavyFlows'];

export type PipelineConfig =
  | { kind: 'compiled'; p4infoPath: string; deviceConfigPath: string }
  | { kind: 'source'; p4SourcePath: string };

export interface CorelbConfig {
  switches: SwitchConfig[];
  services: ServiceConfig[];
  servers: ServerConfig[];
  timing: TimingConfig;
  heavyFlows: HeavyFlowsConfig;
  /** File paths, absolute (relative paths in the file are relative to the file's folder). */
  pipeline: PipelineConfig;
  http: RawConfig['http'];
  logging: RawConfig['logging'];
}

export interface ParseOptions {
  /** Names the configuration in errors (a file path, or "<embedded>"). */
  source?: string;
  /** Folder that relative pipeline paths are resolved against; defaults to the working directory. */
  baseDir?: string;
}

// Type errors in zod's default wording name JS types; say what YAML users wrote instead.
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'required';
    const got = issue.input === null ? 'null' : Array.isArray(issue.input) ? 'a list' : typeof issue.input === 'object' ? 'a mapping' : `${typeof issue.input} ${JSON.stringify(issue.input)}`;
    return `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, got ${got}`;
  }
  return undefined;
}

function schemaIssues(error: z.ZodError): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
    } else {
      issues.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return issues;
}

/** Validates configuration text; throws ConfigError listing every problem. Touches no files. */
export function parseConfig(text: string, options: ParseOptions = {}): CorelbConfig {
  const source = options.source ?? '<config>';
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError('CONFIG_SYNTAX', source, doc.errors.map((e) => ({ path: '', message: e.message.split('\n')[0]! })));
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {}, { error: describeIssue });
  if (!parsed.success) throw new ConfigError('CONFIG_INVALID', source, schemaIssues(parsed.error));
  const issues = crossFieldIssues(parsed.data);
  if (issues.length > 0) throw new ConfigError('CONFIG_INVALID', source, issues);
  return normalise(parsed.data, resolve(options.baseDir ?? '.'));
}

function normalise(raw: RawConfig, baseDir: string): CorelbConfig {
  const p = raw.pipeline;
  const pipeline: PipelineConfig =
    p.p4Source !== undefined
      ? { kind: 'source', p4SourcePath: resolve(baseDir, p.p4Source) }
      : { kind: 'compiled', p4infoPath: resolve(baseDir, p.p4info!), deviceConfigPath: resolve(baseDir, p.deviceConfig!) };
  return {
    switches: raw.switches.map((s) => ({ ...s, ...parseHostPort(s.address)! })),
    services: raw.services.map((s) => ({ ...s })),
    servers: raw.servers.map((s, i) => ({ ...s, index: resolvedServerIndex(s, i), reportAddress6: s.reportAddress6, services: [...s.services] })),
    timing: { ...raw.timing },
    heavyFlows: { ...raw.heavyFlows, ...(raw.heavyFlows.rateLimit ? { rateLimit: { ...raw.heavyFlows.rateLimit } } : {}) },
    pipeline,
    http: { ...raw.http },
    logging: { ...raw.logging },
  };
}

function pipelineFiles(pipeline: PipelineConfig): Array<[string, string]> {
  return pipeline.kind === 'source'
    ? [['pipeline.p4Source', pipeline.p4SourcePath]]
    : [['pipeline.p4info', pipeline.p4infoPath], ['pipeline.deviceConfig', pipeline.deviceConfigPath]];
}

/**
 * Reads, validates and resolves a configuration file; pipeline paths are resolved
 * against the file's folder and must name readable files.
 */
export async function loadConfigFile(path: string): Promise<CorelbConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError('CONFIG_UNREADABLE', path, [{ path: '', message: (err as Error).message }]);
  }
  const config = parseConfig(text, { source: path, baseDir: dirname(resolve(path)) });
  const missing: ConfigIssue[] = [];
  for (const [field, file] of pipelineFiles(config.pipeline)) {
    try {
      await access(file, constants.R_OK);
    } catch {
      missing.push({ path: field, message: `cannot read ${file}` });
    }
  }
  if (missing.length > 0) throw new ConfigError('CONFIG_INVALID', path, missing);
  return config;
}
