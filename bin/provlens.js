#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx registers the loader for this process and its worker threads).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
