// p4_device_config of a ForwardingPipelineConfig, for the simulator: the P4 program as
// UTF-8 source text, or a UTF-8 JSON envelope
//   {"fileName": "lb.p4", "source": "...", "includes": {"include/headers.p4": "..."}}
// that also names the file (for diagnostics) and carries the files it #includes by
// relative path. P4 source never starts with `{`, so the first non-blank byte tells the
// two apart.
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
  const { fileName, source, includes } = (envelope ?? {}) as { fileName?: unknown; source?: unknown; includes?: unknown };
  if (typeof source !== 'string') throw invalid('p4_device_config JSON envelope needs a string "source"');
  if (fileName !== undefined && (typeof fileName !== 'string' || !isPlainRelativePath(fileName))) {
    throw invalid('p4_device_config JSON envelope: "fileName" must be a relative path without ".."');
  }
  if (includes === undefined) return { fileName: fileName ?? DEFAULT_FILE_NAME, source };
  if (typeof includes !== 'object' || includes === null || Array.isArray(includes)) {
    throw invalid('p4_device_config JSON envelope: "includes" must map relative paths to file texts');
  }
  for (const [path, text] of Object.entries(includes)) {
    if (!isPlainRelativePath(path)) throw invalid(`p4_device_config JSON envelope: include path ${JSON.stringify(path)} must be relative, without ".."`);
    if (typeof text !== 'string') throw invalid(`p4_device_config JSON envelope: include ${path} must be a string`);
  }
  return { fileName: fileName ?? DEFAULT_FILE_NAME, source, includes: includes as Record<string, string> };
}

/** Relative, forward slashes, no `..` or empty segments: safe to materialise under a directory. */
export function isPlainRelativePath(path: string): boolean {
  const segments = path.split('/');
  return path.length > 0 && !path.startsWith('/') && !path.includes('\\')
    && segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

export function encodeDeviceConfig(program: P4Program): Buffer {
  const { fileName, source, includes } = program;
  return Buffer.from(JSON.stringify(includes === undefined ? { fileName, source } : { fileName, source, includes }), 'utf8');
}
