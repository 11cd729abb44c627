#!/usr/bin/env node
// Runs the `corelb` command (controller, status, flows, demo) from its TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/corelb.ts');
