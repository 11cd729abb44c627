// BMv2 as a PTF target (P4_TARGET=bmv2): the program is compiled once per run with
// bmv2/compile.sh (p4c-bm2-ss), each target instance is a simple_switch_grpc started by
// bmv2/start.sh with no program (the harness pushes it over P4Runtime), its packet interface on
// an ipc:// socket in a private directory, and a free gRPC port on 127.0.0.1; bmv2/stop.sh ends it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readP4InfoFile, type PipelineConfig } from '../../../src/p4runtime/index.js';
import { TargetError, TargetUnavailableError, type PtfTarget, type TargetOptions } from './target.js';

const run = promisify(execFile);
const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SCRIPTS = join(REPO_ROOT, 'bmv2');
/** Compiled outputs, shared by every target instance of this run (build/ is not versioned). */
const COMPILE_DIR = join(REPO_ROOT, 'build', 'bmv2-ptf');
const REQUIRED_TOOLS = ['p4c-bm2-ss', 'simple_switch_grpc'] as const;

/**
 * BMv2 gives no signal that it has finished with a packet (ingress, egress and transmit are
 * separate threads), so settle() waits this long after the last frame; PTF does the same.
 */
const QUIET_MS = Number(process.env.PTF_BMV2_QUIET_MS ?? 300);

async function onPath(tool: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}

/** Throws TargetUnavailableError naming the missing tools. */
export async function requireBmv2Tools(): Promise<void> {
  const missing: string[] = [];
  for (const tool of REQUIRED_TOOLS) if (!(await onPath(tool))) missing.push(tool);
  if (missing.length > 0) {
    throw new TargetUnavailableError(`P4_TARGET=bmv2 needs ${missing.join(' and ')} on PATH (install p4c and BMv2); BMv2 tests skipped`);
  }
}

const compiled = new Map<string, Promise<PipelineConfig>>();

async function compile(programFile: string): Promise<PipelineConfig> {
  const name = basename(programFile, '.p4');
  const env = { ...process.env, BMV2_BUILD_DIR: COMPILE_DIR, BMV2_PROGRAM: programFile, BMV2_NAME: name };
  try {
    await run(join(SCRIPTS, 'compile.sh'), [], { env });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new TargetError(`bmv2/compile.sh failed for ${programFile}:\n${e.stderr ?? e.message}`);
  }
  return {
    p4info: await readP4InfoFile(join(COMPILE_DIR, `${name}.p4info.txtpb`)),
    deviceConfig: readFileSync(join(COMPILE_DIR, `${name}.json`)),
  };
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export async function startBmv2Target(options: TargetOptions): Promise<PtfTarget> {
  await requireBmv2Tools();
  const cpuPort = options.cpuPort ?? 255;
  const deviceId = options.deviceId ?? 1;
  let pipeline = compiled.get(options.programFile);
  if (pipeline === undefined) {
    pipeline = compile(options.programFile);
    compiled.set(options.programFile, pipeline);
  }
  const config = await pipeline;

  const runDir = mkdtempSync(join(tmpdir(), 'corelb-ptf-bmv2-'));
  const grpcAddress = `127.0.0.1:${await freeTcpPort()}`;
  const env = {
    ...process.env,
    BMV2_BUILD_DIR: runDir,
    BMV2_GRPC_ADDR: grpcAddress,
    BMV2_DEVICE_ID: String(deviceId),
    BMV2_CPU_PORT: String(cpuPort),
    BMV2_PACKET_SOCKET: join(runDir, 'packets.ipc'),
  };
  try {
    await run(join(SCRIPTS, 'start.sh'), [], { env });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    rmSync(runDir, { recursive: true, force: true });
    throw new TargetError(`bmv2/start.sh failed:\n${e.stderr ?? e.message}`);
  }

  return {
    kind: 'bmv2',
    grpcAddress,
    deviceId,
    cpuPort,
    packetAddress: `ipc://${env.BMV2_PACKET_SOCKET}`,
    pipeline: config,
    streamQuietMs: QUIET_MS,
    async settle() {
      await sleep(QUIET_MS);
    },
    async stop() {
      try {
        await run(join(SCRIPTS, 'stop.sh'), [], { env });
      } finally {
        rmSync(runDir, { recursive: true, force: true });
      }
    },
  };
}
