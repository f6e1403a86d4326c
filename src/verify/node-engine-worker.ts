// Node worker thread entry: answers engine requests one at a time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { EngineRequestEnvelope, EngineResponseEnvelope } from './engine/protocol.ts';
import { initEngine } from './engine/wasm.ts';
import { handleEngineRequest } from './engine/worker-core.ts';

const require = createRequire(import.meta.url);
initEngine(readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')));

parentPort?.on('message', async (envelope: EngineRequestEnvelope) => {
  const result = await handleEngineRequest(envelope.request);
  const response: EngineResponseEnvelope = { id: envelope.id, result };
  parentPort?.postMessage(response);
});
