// The `corelb-agent` command (docs/agent.md): sample /proc/stat, smooth, and send load reports.
//   corelb-agent l2   --interface eth0 --src-ip 10.0.0.5 [--route 3,1] [--dst-mac ..] [--src-mac ..]
//   corelb-agent ipv6 --src fd00::5 --lb fd00::1 [--hop-limit 64]
// with, for both: --interval ms, --alpha a, --cores n, --rounds n, --proc-stat file.

import { Command, InvalidArgumentError } from 'commander';
import { AgentError } from './agent-error.js';
import {
  interfaceMac, parseAlpha, parseInteger, parseIPv4Option, parseIPv6Option, parseMacOption, parseSourceRoute,
} from './agent-options.js';
import { LoadSampler, MAX_REPORTABLE_CPU, readProcStat } from './load-sampler.js';
import { ReportAgent } from './report-agent.js';
import { IPv6ReportEncoder, L2ReportEncoder, type ReportEncoder } from './report-encoders.js';
import { InterfaceSink, IPv6Sink, type ReportSink } from './report-sinks.js';

const BROADCAST_MAC = 0xffff_ffff_ffff;

interface CommonOptions {
  interval: number;
  alpha: number;
  cores: number;
  rounds?: number;
  procStat?: string;
  quiet?: boolean;
}

/** commander parser that keeps our option errors' wording. */
function option<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (err) {
      if (err instanceof AgentError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  };
}

function withCommonOptions(command: Command): Command {
  return command
    .option('-i, --interval <ms>', 'time between report rounds, milliseconds', option((t) => parseInteger('--interval', t, 1, 3_600_000)), 100)
    .option('-a, --alpha <a>', 'smoothing factor in (0, 1]: Load_n = a * measured + (1 - a) * Load_{n-1}', option(parseAlpha), 0.5)
    .option('-n, --cores <n>', 'report the n least-loaded cores each round', option((t) => parseInteger('--cores', t, 1, MAX_REPORTABLE_CPU + 1)), 4)
    .option('--rounds <n>', 'stop after n rounds of reports (default: run until SIGINT/SIGTERM)', option((t) => parseInteger('--rounds', t, 1, Number.MAX_SAFE_INTEGER)))
    .option('--proc-stat <file>', 'read the CPU counters from this file instead of /proc/stat')
    .option('-q, --quiet', 'print nothing but errors');
}

async function runAgent(encoder: ReportEncoder, openSink: () => ReportSink, common: CommonOptions): Promise<void> {
  const procStat = common.procStat;
  const sampler = new LoadSampler({
    alpha: common.alpha,
    reportCores: common.cores,
    ...(procStat === undefined ? {} : { readStat: () => readProcStat(procStat) }),
  });
  const sink = openSink();
  const agent = new ReportAgent({
    sampler,
    encoder,
    sink,
    onError: (err) => process.stderr.write(`corelb-agent: ${err.message}\n`),
  });
  const stop = (): void => agent.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await agent.run(common.interval, common.rounds);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    sink.close();
  }
  const { rounds, reportsSent, sendErrors } = agent.stats;
  if (common.quiet !== true) process.stderr.write(`corelb-agent: ${rounds} rounds, ${reportsSent} reports sent, ${sendErrors} send errors\n`);
}

export function buildAgentCli(): Command {
  const program = new Command('corelb-agent')
    .description("Corelb's server agent: reports the smoothed loads of this server's least-loaded CPU cores to the load balancer")
    .showHelpAfterError();

  withCommonOptions(
    program
      .command('l2')
      .description('source-routed Ethernet reports (EtherType 0x88B5) out of an interface; needs root (AF_PACKET)')
      .requiredOption('-I, --interface <name>', 'the interface towards the first switch')
      .requiredOption('--src-ip <ipv4>', "this server's IPv4 address, as the load balancer knows it", option((t) => parseIPv4Option('--src-ip', t)))
      .option('-r, --route <ports>', 'egress port at each switch before the load balancer, comma-separated, at most 4 (default: none)', option(parseSourceRoute))
      .option('--dst-mac <mac>', 'destination MAC (default: ff:ff:ff:ff:ff:ff)', option((t) => parseMacOption('--dst-mac', t)))
      .option('--src-mac <mac>', "source MAC (default: the interface's)", option((t) => parseMacOption('--src-mac', t))),
  ).action(async (options: CommonOptions & { interface: string; srcIp: number; route?: number[]; dstMac?: number; srcMac?: number }) => {
    const srcMac = options.srcMac ?? interfaceMac(options.interface);
    const dstMac = options.dstMac ?? BROADCAST_MAC;
    const encoder = new L2ReportEncoder({ dstMac, srcMac, sourceRoute: options.route ?? [], srcIp: options.srcIp });
    await runAgent(encoder, () => new InterfaceSink(options.interface), options);
  });

  withCommonOptions(
    program
      .command('ipv6')
      .description('IPv6 reports (Traffic Class 0xFC, flow label = core << 8 | load, no payload); needs root (raw IPv6 socket)')
      .requiredOption('--src <ipv6>', "this server's IPv6 address, as the load balancer knows it", option((t) => parseIPv6Option('--src', t)))
      .requiredOption('--lb <ipv6>', "the load balancer's IPv6 address", option((t) => parseIPv6Option('--lb', t)))
      .option('--hop-limit <n>', 'IPv6 hop limit', option((t) => parseInteger('--hop-limit', t, 1, 255)), 64),
  ).action(async (options: CommonOptions & { src: Uint8Array; lb: Uint8Array; hopLimit: number }) => {
    const encoder = new IPv6ReportEncoder({ src: options.src, dst: options.lb, hopLimit: options.hopLimit });
    await runAgent(encoder, () => new IPv6Sink(options.lb), options);
  });

  return program;
}

/** Runs the command line; an AgentError (bad option, no root, no such interface) exits 2 with its message. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildAgentCli().parseAsync([...argv]);
  } catch (err) {
    if (!(err instanceof AgentError)) throw err;
    process.stderr.write(`corelb-agent: ${err.message}\n`);
    process.exitCode = 2;
  }
}
