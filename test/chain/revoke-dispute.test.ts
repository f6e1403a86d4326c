import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryRejectedError } from '../../src/registry/errors.ts';
import { media, startTestChain, type TestChain } from './chain.ts';

let t: TestChain;
beforeAll(async () => {
  t = await startTestChain();
});
afterAll(async () => {
  await t?.stop();
});

const reasonOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'accepted',
    (e: unknown) => (e instanceof RegistryRejectedError ? e.reason : String(e)),
  );

describe('revocation', () => {
  it('the registrant revokes a record; reads then mark it revoked and Revoked is emitted', async () => {
    const owner = t.as(t.wallets[1]!);
    const { id } = await owner.register(media());
    const txHash = await owner.revoke(id);
    const [record] = await t.registry.recordsByIds([id]);
    expect(record!.revoked).toBe(true);
    const receipt = await t.provider.getTransactionReceipt(txHash);
    const events = receipt!.logs.map((l) => t.registry.contract.interface.parseLog(l)!);
    expect(events.map((e) => [e.name, String(e.args.id), e.args.by])).toEqual([
      ['Revoked', id, t.wallets[1]!.address],
    ]);
  });

  it('nobody else may revoke it', async () => {
    const { id } = await t.as(t.wallets[1]!).register(media());
    expect(await reasonOf(t.as(t.wallets[2]!).revoke(id))).toBe('NotRegistrant');
  });

  it('revoking twice is refused', async () => {
    const owner = t.as(t.wallets[1]!);
    const { id } = await owner.register(media());
    await owner.revoke(id);
    expect(await reasonOf(owner.revoke(id))).toBe('AlreadyRevoked');
  });

  it('a revoked record still appears in look-ups (history is never hidden), flagged in the lineage', async () => {
    const parent = await t.registry.register(media({ title: 'Parent' }));
    const child = await t.registry.register(
      media({ title: 'Child', parents: [{ id: parent.id, relation: 'DerivedFrom', shareBps: 100 }] }),
    );
    await t.registry.revoke(parent.id);
    const [match] = await t.registry.lookup({
      sha256: (await t.registry.recordsByIds([child.id]))[0]!.contentHash,
      fingerprints: [],
    });
    expect(match!.lineage.map((c) => [c.title, c.codes.map((code) => code.code)])).toEqual([
      ['Parent', ['registry.revoked']],
    ]);
  });
});

describe('disputes', () => {
  it('anyone raises a dispute with a reason URI; reads list who and why, and Disputed is emitted', async () => {
    const { id } = await t.as(t.wallets[1]!).register(media());
    const hash1 = await t.as(t.wallets[5]!).dispute(id, 'https://example.org/claims/1');
    await t.as(t.wallets[6]!).dispute(id, 'ipfs://bafy-reason-2');
    const [record] = await t.registry.recordsByIds([id]);
    expect(record!.disputes.map((d) => [d.by, d.reasonUri])).toEqual([
      [t.wallets[5]!.address, 'https://example.org/claims/1'],
      [t.wallets[6]!.address, 'ipfs://bafy-reason-2'],
    ]);
    expect(record!.disputeCount).toBe(2);
    const receipt = await t.provider.getTransactionReceipt(hash1);
    const event = t.registry.contract.interface.parseLog(receipt!.logs[0]!)!;
    expect([event.name, String(event.args.id), event.args.by, event.args.reasonUri]).toEqual([
      'Disputed',
      id,
      t.wallets[5]!.address,
      'https://example.org/claims/1',
    ]);
  });

  it('a dispute does not stop payments', async () => {
    const { id } = await t.as(t.wallets[1]!).register(media());
    await t.as(t.wallets[5]!).dispute(id, 'https://example.org/claims/3');
    const result = await t.registry.pay(id, 10n);
    expect(result.steps.map((s) => [s.step, s.id, s.amount])).toEqual([['credited', id, 10n]]);
  });

  it('a dispute on an unknown record is refused', async () => {
    expect(await reasonOf(t.registry.dispute(987_654, 'https://example.org/x'))).toBe('UnknownRecord');
  });
});

describe('payment events', () => {
  it('pay() emits Paid, then Forwarded and Credited for every step', async () => {
    const parent = await t.as(t.wallets[2]!).register(media());
    const child = await t
      .as(t.wallets[3]!)
      .register(media({ parents: [{ id: parent.id, relation: 'GeneratedBy', shareBps: 2500 }] }));
    const { txHash } = await t.as(t.wallets[4]!).pay(child.id, 1000n);
    const receipt = await t.provider.getTransactionReceipt(txHash);
    const events = receipt!.logs.map((l) => {
      const e = t.registry.contract.interface.parseLog(l)!;
      return [e.name, ...e.args.map((a: unknown) => String(a))];
    });
    expect(events).toEqual([
      ['Paid', child.id, t.wallets[4]!.address, '1000'],
      ['Forwarded', child.id, parent.id, '250', '1'],
      ['Credited', parent.id, t.wallets[2]!.address, '250', '1'],
      ['Credited', child.id, t.wallets[3]!.address, '750', '0'],
    ]);
  });

  it('withdraw() emits Withdrawn with the amount', async () => {
    const payee = t.wallets[7]!;
    const { id } = await t.as(payee).register(media());
    await t.registry.pay(id, 4321n);
    const { txHash, amount } = await t.as(payee).withdraw();
    const receipt = await t.provider.getTransactionReceipt(txHash);
    const event = t.registry.contract.interface.parseLog(receipt!.logs[0]!)!;
    expect([event.name, event.args.account, event.args.amount, amount]).toEqual([
      'Withdrawn',
      payee.address,
      4321n,
      4321n,
    ]);
  });
});
