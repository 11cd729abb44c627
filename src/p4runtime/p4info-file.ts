// Loading a P4Info from the file p4c wrote, in whichever of its three encodings.
import { readFile } from 'node:fs/promises';
import { P4InfoFormatError } from './errors.js';
import { P4InfoIndex } from './p4info-index.js';

export type P4InfoFileFormat = 'text' | 'json' | 'binary';

/** The encoding a file name implies: .json, .bin/.pb/.binpb, anything else text (.txt, .txtpb). */
export function p4infoFormatOf(path: string): P4InfoFileFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.bin') || lower.endsWith('.pb') || lower.endsWith('.binpb')) return 'binary';
  return 'text';
}

/** Reads and indexes a P4Info file (`p4c --p4runtime-files x.p4info.txtpb` and friends). */
export async function readP4InfoFile(path: string, format: P4InfoFileFormat = p4infoFormatOf(path)): Promise<P4InfoIndex> {
  const bytes = await readFile(path);
  try {
    if (format === 'binary') return P4InfoIndex.fromBinary(bytes);
    if (format === 'json') return P4InfoIndex.fromJSON(bytes.toString('utf8'));
    return P4InfoIndex.fromText(bytes.toString('utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new P4InfoFormatError(`${path} is not a usable ${format} P4Info: ${why}`);
  }
}
