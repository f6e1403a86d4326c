// The verifier worker (same request handler as src/verify/node-engine-worker.ts) plus a probe that reports
// its own heap and the wasm engine's linear memory, so the memory bench can watch it grow.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { initSync } from '@contentauth/c2pa-wasm';
import type { EngineRequestEnvelope, EngineResponseEnvelope } from '../src/verify/engine/protocol.ts';
import { initEngine } from '../src/verify/engine/wasm.ts';
import { handleEngineRequest } from '../src/verify/engine/worker-core.ts';

export interface MemoryProbe {
  probe: true;
  heapUsedBytes: number;
  heapTotalBytes: number;
  wasmMemoryBytes: number;
}

const require = createRequire(import.meta.url);
const wasmBytes = readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm'));
initEngine(wasmBytes);
// initSync returns the already-instantiated exports on a second call: that is how the memory is reached.
const wasm = initSync({ module: wasmBytes }) as unknown as { memory: WebAssembly.Memory };

// Workers refuse --expose-gc in execArgv; the flag can still be set at run time.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

parentPort?.on('message', async (message: EngineRequestEnvelope | { probe: true }) => {
  if ('probe' in message) {
    // A full collection first, so the figure is what stays, not garbage not yet collected.
    collectGarbage();
    const heap = getHeapStatistics();
    const answer: MemoryProbe = {
      probe: true,
      heapUsedBytes: heap.used_heap_size,
      heapTotalBytes: heap.total_heap_size,
      wasmMemoryBytes: wasm.memory.buffer.byteLength,
    };
    parentPort?.postMessage(answer);
    return;
  }
  const result = await handleEngineRequest(message.request);
  const response: EngineResponseEnvelope = { id: message.id, result };
  parentPort?.postMessage(response);
});
