// What the controller pushes to a switch as its forwarding pipeline, from the
// configuration: a compiled program (P4Info file + target device config, e.g. BMv2's
// JSON), or P4 source for the simulator, whose P4Info the controller derives in-process
// with the simulator's front end (the same generator that matches p4c's output) and whose
// device config is the bundled source in the simulator's JSON envelope.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { P4InfoIndex, readP4InfoFile } from '../p4runtime/index.js';
import { frontendSource } from '../sim/frontend/frontend.js';
import { generateP4Info } from '../sim/p4info/generate.js';
import type { PipelineConfig } from './config.js';
import { bundleP4Source } from './p4-source-bundle.js';

export interface PipelineBundle {
  p4info: P4InfoIndex;
  deviceConfig: Uint8Array;
  /** Identifies this pipeline on the switch (ForwardingPipelineConfig.cookie), so an unchanged one is not pushed again. */
  cookie: bigint;
  /** For logs: where it came from. */
  description: string;
}

/** The first 63 bits of the SHA-256 of the device config: equal configs, equal cookies. */
function cookieOf(deviceConfig: Uint8Array): bigint {
  return createHash('sha256').update(deviceConfig).digest().readBigUInt64BE(0) & 0x7fffffffffffffffn;
}

export async function loadPipeline(pipeline: PipelineConfig): Promise<PipelineBundle> {
  if (pipeline.kind === 'compiled') {
    const p4info = await readP4InfoFile(pipeline.p4infoPath);
    const deviceConfig = await readFile(pipeline.deviceConfigPath);
    return { p4info, deviceConfig, cookie: cookieOf(deviceConfig), description: `${pipeline.p4infoPath} + ${pipeline.deviceConfigPath}` };
  }
  const source = bundleP4Source(pipeline.p4SourcePath);
  const fileName = basename(pipeline.p4SourcePath);
  const p4info = new P4InfoIndex(generateP4Info(frontendSource(source, fileName), { arch: 'v1model' }));
  const deviceConfig = Buffer.from(JSON.stringify({ fileName, source }), 'utf8');
  return { p4info, deviceConfig, cookie: cookieOf(deviceConfig), description: `${pipeline.p4SourcePath} (P4 source for the simulator)` };
}
