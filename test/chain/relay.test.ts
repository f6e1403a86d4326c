import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationInput } from '../../src/registry/client.ts';
import { type RunningRelay, startRelay } from '../../src/registry/node-relay.ts';
import type { RelayRequest } from '../../src/registry/relay-protocol.ts';
import { media, startTestChain, type TestChain } from './chain.ts';

let t: TestChain;
let relay: RunningRelay;
// The relayer pays; creators are fresh accounts holding nothing.
const relayer = () => t.wallets[9]!;
const fresh = (): Wallet => new Wallet(Wallet.createRandom().privateKey);

beforeAll(async () => {
  t = await startTestChain();
  relay = await startRelay({ client: t.as(relayer()), perSignerLimit: 2, perSignerWindowMs: 60_000 });
});
afterAll(async () => {
  await relay?.close();
  await t?.stop();
});

async function signed(creator: Wallet, input: RegistrationInput = media()): Promise<RelayRequest> {
  const s = await t.registry.signRegistration(creator.connect(t.provider), input);
  return {
    chainId: t.chain.chainId,
    registry: t.registry.address,
    registrant: s.registrant,
    deadline: String(s.deadline),
    signature: s.signature,
    registration: input,
  };
}

async function post(body: unknown): Promise<{ status: number; answer: Record<string, unknown> }> {
  const response = await fetch(relay.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, answer: (await response.json()) as Record<string, unknown> };
}

/** Runs `attempt` and checks that the relayer sent no transaction meanwhile. */
async function nothingSent<T>(attempt: () => Promise<T>): Promise<T> {
  const before = await t.provider.getTransactionCount(relayer().address);
  const result = await attempt();
  expect(await t.provider.getTransactionCount(relayer().address)).toBe(before);
  return result;
}

describe('provlens relay', () => {
  it('submits a registration signed by a creator with an empty account, who stays the registrant', async () => {
    const creator = fresh();
    const request = await signed(creator, media({ title: 'Relayed work', creator: 'Nadia Empty' }));
    const { status, answer } = await post(request);
    expect(status).toBe(200);
    expect(answer.ok).toBe(true);
    const [record] = await t.registry.recordsByIds([answer.id as string]);
    expect([record!.registrant, record!.title, record!.creator]).toEqual([
      creator.address,
      'Relayed work',
      'Nadia Empty',
    ]);
    expect(await t.provider.getBalance(creator.address)).toBe(0n);
    const receipt = await t.provider.getTransactionReceipt(answer.txHash as string);
    expect(receipt!.from).toBe(relayer().address);
  });

  it('refuses a replay of the same signed registration', async () => {
    const request = await signed(fresh());
    const first = await post(request);
    expect(first.status).toBe(200);
    const again = await nothingSent(() => post(request));
    expect(again).toEqual({
      status: 409,
      answer: {
        ok: false,
        error: `This signed registration was already submitted (transaction ${first.answer.txHash}).`,
      },
    });
  });

  it('refuses a signature by another key, or over changed fields', async () => {
    const creator = fresh();
    const forged = { ...(await signed(fresh())), registrant: creator.address };
    const changed = await signed(creator);
    changed.registration = { ...changed.registration, title: 'changed after signing' };
    for (const request of [forged, changed]) {
      expect(await nothingSent(() => post(request))).toEqual({
        status: 401,
        answer: {
          ok: false,
          error: `The signature is not ${creator.address}'s for this registration on chain 31337 (wrong key, changed fields, or a nonce already used).`,
        },
      });
    }
  });

  it('refuses a registration for another chain or registry', async () => {
    const request = { ...(await signed(fresh())), chainId: 84532 };
    expect(await nothingSent(() => post(request))).toEqual({
      status: 400,
      answer: {
        ok: false,
        error: `Wrong chain: this relay submits to chain 31337, registry ${t.registry.address}; the request is for chain 84532, registry ${t.registry.address}.`,
      },
    });
  });

  it('refuses oversized requests and texts, and expired signatures', async () => {
    const huge = await nothingSent(() => post({ padding: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    expect(huge.answer.error).toMatch(/^The request is (over )?\d+ bytes; this relay takes at most 16384\.$/);
    const long = await signed(fresh(), media({ title: 'é'.repeat(1025) }));
    expect(await nothingSent(() => post(long))).toEqual({
      status: 413,
      answer: { ok: false, error: 'The title is longer than 2048 bytes.' },
    });
    const expired = { ...(await signed(fresh())), deadline: '1000' };
    expect(await nothingSent(() => post(expired))).toEqual({
      status: 400,
      answer: { ok: false, error: 'The signature expired at 1970-01-01T00:16:40.000Z.' },
    });
    expect(await nothingSent(() => post('not json'))).toEqual({
      status: 400,
      answer: { ok: false, error: 'The request is not JSON.' },
    });
  });

  it('refuses a flood from one signer beyond its limit, with Retry-After', async () => {
    const creator = fresh();
    for (let i = 0; i < 2; i++) expect((await post(await signed(creator))).status).toBe(200);
    const third = await signed(creator);
    const before = await t.provider.getTransactionCount(relayer().address);
    const response = await fetch(relay.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(third),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await response.json()) as { error: string }).error).toMatch(
      new RegExp(
        `^Too many registrations from ${creator.address}: at most 2 per 1 min; try again in \\d+ s\\.$`,
      ),
    );
    expect(await t.provider.getTransactionCount(relayer().address)).toBe(before);
  });

  it('passes the registry’s own refusal on without sending anything', async () => {
    const request = await signed(
      fresh(),
      media({ parents: [{ id: 999, relation: 'DerivedFrom', shareBps: 0 }] }),
    );
    expect(await nothingSent(() => post(request))).toEqual({
      status: 400,
      answer: {
        ok: false,
        error: 'Could not register with a signature: There is no record #999 on this registry.',
      },
    });
  });
});
