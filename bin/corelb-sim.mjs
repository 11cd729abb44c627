#!/usr/bin/env node
// Runs the simulator's command line from its TypeScript source (tsx compiles on the fly).
import { register } from 'tsx/esm/api';

register();
const { buildCli } = await import('../src/sim/cli.ts');
await buildCli().parseAsync(process.argv);
