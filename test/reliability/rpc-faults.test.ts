// The registry's RPC is down, slow, or answers nonsense: the registry section degrades with a reason
// (`registryError`) and the C2PA verdict stays exactly what it is without a registry.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type GeneratedFixtures } from '../../demo/media/generate.ts';
import { createRegistryLookup } from '../../src/registry/lookup.ts';
import type { Verdict } from '../../src/verdict/types.ts';
import type { Engine } from '../../src/verify/engine/pool.ts';
import { type RegistryLookup, verifyAsset } from '../../src/verify/index.ts';
import { createNodeEngine } from '../../src/verify/node-engine.ts';
import type { TrustConfig } from '../../src/verify/trust.ts';

const REGISTRY = '0x5fbdb2315678afecb367f642aa5b0b3bbc8b6f7f';
const CHAIN_ID = 31337;

type Behaviour = (body: { method?: string; id?: unknown }, response: ServerResponse) => void;
let behaviour: Behaviour = () => undefined;
let server: Server;
let rpcUrl: string;
let engine: Engine;
let fixtures: GeneratedFixtures;
let trust: TrustConfig;
let baseline: Verdict;
const held: ServerResponse[] = [];

function answer(response: ServerResponse, payload: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
}

/** Answers each JSON-RPC call (batches too) with `result(method)`. */
function rpcAnswers(result: (method: string) => unknown): Behaviour {
  return (body, response) => {
    const calls = Array.isArray(body) ? (body as { method: string; id: unknown }[]) : [body];
    const replies = calls.map((call) => ({ jsonrpc: '2.0', id: call.id, result: result(call.method ?? '') }));
    answer(response, Array.isArray(body) ? replies : replies[0]);
  };
}

beforeAll(async () => {
  fixtures = await ensureFixtures();
  trust = { anchors: [], userAnchors: [{ id: 'user', name: 'test CA', pem: fixtures.testAnchorPem }] };
  engine = createNodeEngine({ size: 1 });
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      let body: { method?: string; id?: unknown } = {};
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the behaviour decides.
      }
      behaviour(body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseline = await verifyAsset(fixtures.read('human-capture.jpg'), { engine, trust });
}, 180_000);

afterAll(async () => {
  for (const response of held) response.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await engine?.close();
});

async function verifyWith(registry: RegistryLookup, registryTimeoutMs?: number): Promise<Verdict> {
  return verifyAsset(fixtures.read('human-capture.jpg'), {
    engine,
    trust,
    registry,
    ...(registryTimeoutMs !== undefined ? { registryTimeoutMs } : {}),
  });
}

/** The message for a chain that does not answer usefully, naming its URL (what to do is the error's hint). */
const SILENT = () =>
  `The provenance registry could not be reached: The registry chain at ${rpcUrl} did not answer.`;

function expectVerdictIntact(verdict: Verdict): void {
  expect([verdict.trust, verdict.origin, verdict.aiDerived, verdict.sha256]).toEqual([
    baseline.trust,
    baseline.origin,
    baseline.aiDerived,
    baseline.sha256,
  ]);
  expect(baseline.trust).toBe('verified');
  expect(verdict.registry).toBeUndefined();
}

describe('registry RPC faults', () => {
  it('RPC down (nothing listens): the registry section says so, the verdict stands', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const verdict = await verifyWith(
      createRegistryLookup({
        rpcUrl: `http://127.0.0.1:${port}`,
        address: REGISTRY,
        chainId: CHAIN_ID,
        timeoutMs: 2000,
      }),
    );
    expectVerdictIntact(verdict);
    expect(verdict.registryError).toMatch(
      new RegExp(
        `^The provenance registry could not be reached: The registry chain at http://127\\.0\\.0\\.1:${port} did not answer\\.$`,
      ),
    );
  });

  it('RPC slower than the client timeout: the call is abandoned, the verdict stands', async () => {
    behaviour = (_body, response) => {
      held.push(response); // never answered
    };
    const verdict = await verifyWith(
      createRegistryLookup({ rpcUrl, address: REGISTRY, chainId: CHAIN_ID, timeoutMs: 1000 }),
    );
    expectVerdictIntact(verdict);
    expect(verdict.registryError).toBe(SILENT());
  });

  it('a look-up that never settles is cut off by the overall registry deadline', async () => {
    const verdict = await verifyWith(() => new Promise(() => undefined), 300);
    expectVerdictIntact(verdict);
    expect(verdict.registryError).toBe(
      'The provenance registry could not be reached: no answer within 0.3 s',
    );
  });

  it('RPC answering with something that is not JSON: the verdict stands', async () => {
    behaviour = (_body, response) => answer(response, '<html>502 Bad Gateway</html>');
    const verdict = await verifyWith(
      createRegistryLookup({ rpcUrl, address: REGISTRY, chainId: CHAIN_ID, timeoutMs: 2000 }),
    );
    expectVerdictIntact(verdict);
    expect(verdict.registryError).toBe(SILENT());
  });

  it('RPC answering malformed JSON-RPC results (not ABI data): the verdict stands', async () => {
    behaviour = rpcAnswers((method) =>
      method === 'eth_chainId'
        ? `0x${CHAIN_ID.toString(16)}`
        : method === 'eth_blockNumber'
          ? '0x10'
          : '0xzz',
    );
    const verdict = await verifyWith(
      createRegistryLookup({ rpcUrl, address: REGISTRY, chainId: CHAIN_ID, timeoutMs: 2000 }),
    );
    expectVerdictIntact(verdict);
    expect(verdict.registryError).toMatch(
      new RegExp(
        `^The provenance registry could not be reached: The registry at ${REGISTRY} could not be read \\(invalid BytesLike value .*\\)\\.$`,
      ),
    );
  });

  it('RPC answering JSON-RPC errors for every call: the verdict stands', async () => {
    behaviour = (body, response) =>
      answer(response, { jsonrpc: '2.0', id: body.id ?? 1, error: { code: -32000, message: 'boom' } });
    const verdict = await verifyWith(
      createRegistryLookup({ rpcUrl, address: REGISTRY, chainId: CHAIN_ID, timeoutMs: 2000 }),
    );
    expectVerdictIntact(verdict);
    expect(verdict.registryError).toBe(SILENT());
  });

  it('RPC serving another chain: refused with the chain named, the verdict stands', async () => {
    behaviour = rpcAnswers(() => '0x1');
    const verdict = await verifyWith(
      createRegistryLookup({ rpcUrl, address: REGISTRY, chainId: CHAIN_ID, timeoutMs: 2000 }),
    );
    expectVerdictIntact(verdict);
    expect(verdict.registryError).toBe(
      `The provenance registry could not be reached: The node at ${rpcUrl} serves chain 1, not chain ${CHAIN_ID}.`,
    );
  });
});
