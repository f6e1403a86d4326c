/// <reference lib="webworker" />
/// <reference types="vite/client" />
// The C2PA engine inside a browser Worker. The wasm comes from the extension's own URL: c2pa-web's default
// worker is a blob: URL, which Firefox's extension CSP blocks.
import wasmUrl from '@contentauth/c2pa-wasm/c2pa.wasm?url';
import type { EngineRequestEnvelope, EngineResponseEnvelope } from '../../src/verify/engine/protocol.ts';
import { initEngine } from '../../src/verify/engine/wasm.ts';
import { handleEngineRequest } from '../../src/verify/engine/worker-core.ts';

declare const self: DedicatedWorkerGlobalScope;

const ready = (async () => {
  const response = await fetch(new URL(wasmUrl, self.location.origin));
  if (!response.ok) throw new Error(`The verifier could not load its WebAssembly (HTTP ${response.status}).`);
  initEngine(await WebAssembly.compile(await response.arrayBuffer()));
})();

/**
 * Fault injection for the e2e suite, compiled in only when VITE_PROVLENS_FAULTS is set at build time: a file
 * ending in `PROVLENS-FAULT:crash` kills this worker, one ending in `PROVLENS-FAULT:hang` never returns.
 */
function injectFault(bytes: Uint8Array): void {
  if (!import.meta.env.VITE_PROVLENS_FAULTS) return;
  const tail = new TextDecoder().decode(bytes.subarray(Math.max(0, bytes.length - 32)));
  if (tail.endsWith('PROVLENS-FAULT:crash')) {
    setTimeout(() => {
      throw new Error('injected worker crash');
    });
    throw new Error('injected worker crash');
  }
  if (tail.endsWith('PROVLENS-FAULT:hang')) for (;;);
}

self.addEventListener('message', async (event: MessageEvent<EngineRequestEnvelope>) => {
  const { id, request } = event.data;
  injectFault(request.bytes);
  let response: EngineResponseEnvelope;
  try {
    await ready;
    response = { id, result: await handleEngineRequest(request) };
  } catch (error) {
    response = {
      id,
      result: { ok: false, kind: 'crash', error: error instanceof Error ? error.message : String(error) },
    };
  }
  self.postMessage(response);
});
