#!/usr/bin/env node
// Runs the `corelb-agent` command (the server-side load reporter) from its TypeScript source.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/agent/cli.ts');
await main(process.argv);
