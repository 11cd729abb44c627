// p4_device_config of a ForwardingPipelineConfig, for the simulator: the P4 program as
// UTF-8 source text, or a UTF-8 JSON envelope {"fileName": "lb.p4", "source": "..."}
// that also names the file (for diagnostics and #include resolution). P4 source never
// starts with `{`, so the first non-blank byte tells the two apart.
import type { P4Program } from './pipeline-target.js';
import { invalid } from './rpc-error.js';

const DEFAULT_FILE_NAME = 'program.p4';

export function decodeDeviceConfig(bytes: Uint8Array): P4Program {
  if (bytes.length === 0) throw invalid('p4_device_config is empty: it must carry the P4 program source');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('p4_device_config is not UTF-8 text: it must carry the P4 program source');
  }
  if (!text.trimStart().startsWith('{')) return { fileName: DEFAULT_FILE_NAME, source: text };
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch (error) {
    throw invalid(`p4_device_config looks like a JSON envelope but does not parse: ${(error as Error).message}`);
  }
  const { fileName, source } = (envelope ?? {}) as { fileName?: unknown; source?: unknown };
  if (typeof source !== 'string') throw invalid('p4_device_config JSON envelope needs a string "source"');
  if (fileName !== undefined && typeof fileName !== 'string') throw invalid('p4_device_config JSON envelope: "fileName" must be a string');
  return { fileName: fileName ?? DEFAULT_FILE_NAME, source };
}

export function encodeDeviceConfig(program: P4Program): Buffer {
  return Buffer.from(JSON.stringify({ fileName: program.fileName, source: program.source }), 'utf8');
}
