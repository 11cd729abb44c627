// `corelb status` and `corelb flows`: read the controller's JSON endpoint and print it
// for people (or as JSON with --json).

import { CodedError } from '../p4runtime/index.js';
import type { ControllerStatus, FlowStatus } from '../controller/controller.js';

export class StatusClientError extends CodedError<'STATUS_UNREACHABLE'> {
  override readonly name = 'StatusClientError';
  constructor(message: string) {
    super('STATUS_UNREACHABLE', message);
  }
}

export async function fetchJson<T>(baseUrl: string, path: string): Promise<T> {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new StatusClientError(`cannot reach the controller at ${url.origin}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  if (!response.ok) throw new StatusClientError(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const pad = (s: string | number, n: number): string => String(s).padEnd(n);

export function formatStatus(status: ControllerStatus): string {
  const lines: string[] = [];
  lines.push('switches:');
  for (const s of status.switches) {
    lines.push(`  ${pad(s.name, 10)} ${pad(s.address, 22)} ${pad(s.state, 8)} ${s.primary ? 'primary' : 'not primary'}  election id ${s.electionId}${s.lastError ? `  (last error: ${s.lastError})` : ''}`);
  }
  lines.push('services (k-set: server/core@load, least loaded first):');
  for (const svc of status.services) {
    const members = (svc.pushed?.members ?? []).map((m) => `${m.serverIndex}/${m.coreId}@${Number.isNaN(m.load) || m.load === null ? '-' : m.load}`).join(' ');
    lines.push(`  ${pad(svc.name, 10)} index ${pad(svc.index, 3)} k=${pad(svc.k, 3)} pushed: ${svc.pushed === null ? '(none yet)' : members || '(empty)'}`);
  }
  lines.push(`servers (heap: ${status.heapSize} eligible cores):`);
  for (const server of status.servers) {
    const state = server.status.state === 'excluded' ? `excluded (${server.status.reason})` : server.status.state;
    const loads = server.loads.map((l, core) => `${core}:${l === null ? '-' : l}${server.eligible.includes(core) ? '' : '*'}`).join(' ');
    lines.push(`  ${pad(server.name, 10)} index ${pad(server.index, 5)} ${pad(state, 24)} ${loads}`);
  }
  lines.push('  (* = core not eligible)');
  lines.push(`flows pinned: ${status.flows}`);
  for (const p of status.penalties) lines.push(`penalty: server ${p.serverIndex} core ${p.coreId} +${p.penalty} for ${Math.round(p.remainingMs)} ms`);
  for (const f of status.writeFailures) lines.push(`write failure: ${f.switch} ${f.op} ${f.flow}: ${f.code} ${f.message}`);
  return lines.join('\n');
}

export function formatFlows(result: { total: number; flows: FlowStatus[] }): string {
  const lines = result.flows.map((f) => `${pad(f.flow, 52)} -> ${pad(f.server ?? `server ${f.serverIndex}`, 12)} core ${pad(f.coreId, 4)}${f.marked ? ' heavy' : ''}`);
  lines.push(`${result.flows.length} of ${result.total} flows shown`);
  return lines.join('\n');
}
