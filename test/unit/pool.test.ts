// The worker pool under injected faults: workers that hang, die or panic. Real workers are exercised
// by the corpus tests; these fakes only inject the failures on purpose.
import { describe, expect, it } from 'vitest';
import { createEnginePool, type EngineWorkerHandle } from '../../src/verify/engine/pool.ts';
import type {
  EngineRequestEnvelope,
  EngineResponseEnvelope,
  EngineResult,
} from '../../src/verify/engine/protocol.ts';

type Behaviour = 'answer' | 'hang' | 'die' | 'panic';

function fakeWorkers(plan: Behaviour[]) {
  const log: { worker: number; behaviour: Behaviour; terminated: boolean }[] = [];
  let spawnCount = 0;
  const spawn = (): EngineWorkerHandle => {
    const worker = spawnCount++;
    let onMessage: (m: EngineResponseEnvelope) => void = () => {};
    let onFailure: (r: string) => void = () => {};
    const entry = { worker, behaviour: 'answer' as Behaviour, terminated: false };
    log.push(entry);
    return {
      post(message: EngineRequestEnvelope) {
        const behaviour = plan.shift() ?? 'answer';
        entry.behaviour = behaviour;
        const ok: EngineResult = { ok: true, store: null, resources: {}, signatures: {} };
        if (behaviour === 'answer') setTimeout(() => onMessage({ id: message.id, result: ok }), 5);
        if (behaviour === 'die') setTimeout(() => onFailure('exit code 1'), 5);
        if (behaviour === 'panic') {
          setTimeout(
            () => onMessage({ id: message.id, result: { ok: false, kind: 'crash', error: 'unreachable' } }),
            5,
          );
        }
      },
      onMessage(listener) {
        onMessage = listener;
      },
      onFailure(listener) {
        onFailure = listener;
      },
      terminate() {
        entry.terminated = true;
      },
    };
  };
  return { spawn, log, spawned: () => spawnCount };
}

const request = {
  type: 'read' as const,
  bytes: new Uint8Array([1]),
  mediaType: 'image/jpeg',
  settingsJson: '{}',
};

describe('engine pool', () => {
  it('times out a hanging read, replaces the worker and answers the next read', async () => {
    const fake = fakeWorkers(['hang', 'answer']);
    const pool = createEnginePool({ spawn: fake.spawn, size: 1, timeoutMs: 50 });
    const first = await pool.read(request);
    const second = await pool.read(request);
    expect(first).toEqual({
      ok: false,
      kind: 'timeout',
      error: 'Verification took longer than 0 s and was stopped.',
    });
    expect(second.ok).toBe(true);
    expect(fake.log[0]!.terminated).toBe(true);
    expect(pool.spawned).toBe(2);
    await pool.close();
  });

  it('retries once on a fresh worker when a worker dies mid-read', async () => {
    const fake = fakeWorkers(['die', 'answer']);
    const pool = createEnginePool({ spawn: fake.spawn, size: 1, timeoutMs: 1000 });
    const result = await pool.read(request);
    expect(result.ok).toBe(true);
    expect(pool.spawned).toBe(2);
    await pool.close();
  });

  it('gives up after a second death and says so', async () => {
    const fake = fakeWorkers(['die', 'die', 'answer']);
    const pool = createEnginePool({ spawn: fake.spawn, size: 1, timeoutMs: 1000 });
    const result = await pool.read(request);
    expect(result).toEqual({
      ok: false,
      kind: 'crash',
      error: 'The verifier stopped unexpectedly (exit code 1).',
      detail: 'exit code 1',
    });
    expect((await pool.read(request)).ok).toBe(true);
    await pool.close();
  });

  it('replaces a worker whose engine panicked, without retrying the same file', async () => {
    const fake = fakeWorkers(['panic', 'answer']);
    const pool = createEnginePool({ spawn: fake.spawn, size: 1, timeoutMs: 1000 });
    expect(await pool.read(request)).toEqual({ ok: false, kind: 'crash', error: 'unreachable' });
    expect(fake.log[0]!.terminated).toBe(true);
    expect((await pool.read(request)).ok).toBe(true);
    expect(pool.spawned).toBe(2);
    await pool.close();
  });

  it('never runs more workers than its size', async () => {
    const fake = fakeWorkers([]);
    const pool = createEnginePool({ spawn: fake.spawn, size: 2, timeoutMs: 1000 });
    const results = await Promise.all(Array.from({ length: 10 }, () => pool.read(request)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.spawned()).toBe(2);
    await pool.close();
  });

  it('answers pending reads when closed and refuses new ones', async () => {
    const fake = fakeWorkers(['hang']);
    const pool = createEnginePool({ spawn: fake.spawn, size: 1, timeoutMs: 10_000 });
    const pending = pool.read(request);
    await pool.close();
    expect(await pending).toEqual({ ok: false, kind: 'crash', error: 'The verifier was closed.' });
    await expect(pool.read(request)).rejects.toThrow('The verifier was closed; create a new one.');
  });
});
