// The engine for Node (CLI, tests, benchmarks): a pool of worker threads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createEnginePool, type Engine, type EngineWorkerHandle } from './engine/pool.ts';
import type { EngineResponseEnvelope } from './engine/protocol.ts';

const workerUrl = new URL('./node-engine-worker.ts', import.meta.url);

export interface NodeEngineOptions {
  size?: number;
  timeoutMs?: number;
  /** Heap limit per worker, so a hostile file cannot take the machine's memory. */
  maxHeapMb?: number;
}

/** Resolved from this file, not the working directory: the CLI runs from anywhere. */
function tsxApi(): string {
  return import.meta.resolve('tsx/esm/api');
}

function spawnNodeWorker(maxHeapMb: number): EngineWorkerHandle {
  // Worker threads do not inherit a TypeScript loader: when running from source, register tsx first.
  const fromSource = workerUrl.pathname.endsWith('.ts');
  const worker = fromSource
    ? new Worker(
        `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`,
        { eval: true, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } },
      )
    : new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
  worker.unref();
  let failed = false;
  return {
    post(message, transfer) {
      worker.postMessage(message, transfer);
    },
    onMessage(listener) {
      worker.on('message', (message: EngineResponseEnvelope) => listener(message));
    },
    onFailure(listener) {
      const fail = (reason: string) => {
        if (failed) return;
        failed = true;
        listener(reason);
      };
      worker.on('error', (error) => fail(error.message));
      worker.on('exit', (code) => fail(`worker exited with code ${code}`));
    },
    terminate() {
      failed = true;
      void worker.terminate();
    },
  };
}

export function createNodeEngine(options: NodeEngineOptions = {}): Engine {
  return createEnginePool({
    spawn: () => spawnNodeWorker(options.maxHeapMb ?? 1024),
    size: options.size ?? Math.min(2, availableParallelism()),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}
