// Node-only: loads the C2PA wasm engine from the installed @contentauth/c2pa-wasm package.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initEngine } from '../verify/engine/wasm.ts';

let loaded = false;

/** Initialises the wasm engine in this Node realm once (later calls are free). */
export function initNodeEngine(): void {
  if (loaded) return;
  const wasmPath = createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm');
  initEngine(readFileSync(wasmPath));
  loaded = true;
}
