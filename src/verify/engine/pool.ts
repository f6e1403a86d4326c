// A bounded pool of engine workers: per-item timeout, replacement after a hang or crash, one retry
// after an unexpected worker death. Platform-free: the caller says how to spawn a worker.
import type {
  EngineReadRequest,
  EngineRequestEnvelope,
  EngineResponseEnvelope,
  EngineResult,
} from './protocol.ts';

/** The little a pool needs from a Node worker thread or a browser Worker. */
export interface EngineWorkerHandle {
  post(message: EngineRequestEnvelope, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: EngineResponseEnvelope) => void): void;
  /** Called when the worker dies or reports an uncaught error. */
  onFailure(listener: (reason: string) => void): void;
  terminate(): void;
}

export interface Engine {
  read(request: EngineReadRequest, options?: { timeoutMs?: number }): Promise<EngineResult>;
  /** Workers started so far (replacements included): lets tests and benchmarks see restarts. */
  readonly spawned: number;
  close(): Promise<void>;
}

export interface EnginePoolOptions {
  spawn: () => EngineWorkerHandle;
  size?: number;
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

interface Job {
  request: EngineReadRequest;
  timeoutMs: number;
  attempts: number;
  resolve: (result: EngineResult) => void;
}

interface Slot {
  handle: EngineWorkerHandle;
  job: Job | undefined;
  jobId: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export function createEnginePool(options: EnginePoolOptions): Engine {
  const size = Math.max(1, options.size ?? 2);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let spawned = 0;
  let closed = false;

  function finish(slot: Slot, result: EngineResult): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = undefined;
    slot.jobId = undefined;
    slot.timer = undefined;
    job?.resolve(result);
  }

  function replace(slot: Slot): void {
    try {
      slot.handle.terminate();
    } catch {
      // Already gone.
    }
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
  }

  function startSlot(): Slot {
    const handle = options.spawn();
    spawned += 1;
    const slot: Slot = { handle, job: undefined, jobId: undefined, timer: undefined };
    handle.onMessage((message) => {
      if (message.id !== slot.jobId) return;
      const result = message.result;
      finish(slot, result);
      if (!result.ok && result.kind === 'crash') replace(slot);
      pump();
    });
    handle.onFailure((reason) => {
      const job = slot.job;
      if (slot.timer) clearTimeout(slot.timer);
      slot.job = undefined;
      replace(slot);
      if (job) {
        if (job.attempts < 2 && !closed) {
          queue.unshift(job); // one retry on a fresh worker: no verdict lost to a dying worker
        } else {
          job.resolve({
            ok: false,
            kind: 'crash',
            error: `The verifier stopped unexpectedly (${reason}).`,
            detail: reason,
          });
        }
      }
      pump();
    });
    slots.push(slot);
    return slot;
  }

  function run(slot: Slot, job: Job): void {
    const id = nextId++;
    job.attempts += 1;
    slot.job = job;
    slot.jobId = id;
    slot.timer = setTimeout(() => {
      finish(slot, {
        ok: false,
        kind: 'timeout',
        error: `Verification took longer than ${Math.round(job.timeoutMs / 1000)} s and was stopped.`,
      });
      replace(slot);
      pump();
    }, job.timeoutMs);
    // Copies, not transfers: the caller keeps its bytes (they are hashed, fingerprinted, cached).
    slot.handle.post({ id, request: job.request }, []);
  }

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      let slot = slots.find((candidate) => !candidate.job);
      if (!slot && slots.length < size) slot = startSlot();
      if (!slot) return;
      const job = queue.shift()!;
      run(slot, job);
    }
  }

  return {
    get spawned() {
      return spawned;
    },
    read(request, readOptions) {
      if (closed) return Promise.reject(new Error('The verifier was closed; create a new one.'));
      return new Promise<EngineResult>((resolve) => {
        queue.push({ request, timeoutMs: readOptions?.timeoutMs ?? defaultTimeout, attempts: 0, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const slot of [...slots]) {
        finish(slot, { ok: false, kind: 'crash', error: 'The verifier was closed.' });
        replace(slot);
      }
      for (const job of queue.splice(0))
        job.resolve({ ok: false, kind: 'crash', error: 'The verifier was closed.' });
    },
  };
}
