import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentStep, Relation } from '../../src/registry/client.ts';
import type { RegistryRejectedError } from '../../src/registry/errors.ts';
import { deployTestContract, media, startTestChain, type TestChain } from './chain.ts';

let t: TestChain;
beforeAll(async () => {
  t = await startTestChain();
});
afterAll(async () => {
  await t?.stop();
});

const credited = (steps: PaymentStep[]): [string, bigint][] =>
  steps.filter((s) => s.step === 'credited').map((s) => [s.id, s.amount]);

async function chainOf(length: number, shareBps: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < length; i++) {
    const parents = i === 0 ? [] : [{ id: ids[i - 1]!, relation: 'DerivedFrom' as Relation, shareBps }];
    ids.push((await t.registry.register(media({ parents }))).id);
  }
  return ids;
}

describe('pay(): splitting down the lineage', () => {
  it('splits across three levels by share, each record keeping the rest', async () => {
    const dataset = await t.as(t.wallets[1]!).register(media({ kind: 'dataset' }));
    const model = await t
      .as(t.wallets[2]!)
      .register(
        media({ kind: 'model', parents: [{ id: dataset.id, relation: 'TrainedOn', shareBps: 3000 }] }),
      );
    const output = await t
      .as(t.wallets[3]!)
      .register(
        media({ kind: 'output', parents: [{ id: model.id, relation: 'GeneratedBy', shareBps: 2000 }] }),
      );
    const result = await t.as(t.wallets[9]!).pay(output.id, 1_000_000n);
    // output keeps 80%, model gets 20% and passes 30% of that (6%) to the dataset.
    expect(credited(result.steps).sort()).toEqual(
      [
        [dataset.id, 60_000n],
        [model.id, 140_000n],
        [output.id, 800_000n],
      ].sort(),
    );
    expect(
      result.steps.filter((s) => s.step === 'forwarded').map((s) => [s.id, s.toId, s.amount, s.depth]),
    ).toEqual([
      [output.id, model.id, 200_000n, 1],
      [model.id, dataset.id, 60_000n, 2],
    ]);
  });

  it('rounds each share down and leaves the remainder with the payer-side record, so no wei is lost', async () => {
    const a = await t.registry.register(media());
    const b = await t.registry.register(media());
    const child = await t.registry.register(
      media({
        parents: [
          { id: a.id, relation: 'DerivedFrom', shareBps: 3333 },
          { id: b.id, relation: 'DerivedFrom', shareBps: 3333 },
        ],
      }),
    );
    const result = await t.registry.pay(child.id, 10n);
    // 10 * 3333 / 10000 = 3.333 → 3 each; the child keeps 10 - 6 = 4.
    expect(credited(result.steps)).toEqual([
      [a.id, 3n],
      [b.id, 3n],
      [child.id, 4n],
    ]);
  });

  it('a share that rounds to zero wei is not forwarded at all', async () => {
    const parent = await t.registry.register(media());
    const child = await t.registry.register(
      media({ parents: [{ id: parent.id, relation: 'DerivedFrom', shareBps: 1 }] }),
    );
    const result = await t.registry.pay(child.id, 9999n);
    expect(result.steps.map((s) => [s.step, s.id, s.amount])).toEqual([['credited', child.id, 9999n]]);
  });

  it('credits accumulate as withdrawable balances and withdraw() pays them out once', async () => {
    const payee = t.wallets[4]!;
    const record = await t.as(payee).register(media());
    const before = await t.registry.creditsOf(payee.address);
    await t.as(t.wallets[9]!).pay(record.id, 5000n);
    await t.as(t.wallets[8]!).pay(record.id, 7000n);
    expect(await t.registry.creditsOf(payee.address)).toBe(before + 12000n);
    const withdrawn = await t.as(payee).withdraw();
    expect(withdrawn.amount).toBe(before + 12000n);
    expect(await t.registry.creditsOf(payee.address)).toBe(0n);
    const again = await t
      .as(payee)
      .withdraw()
      .catch((e: unknown) => e);
    expect((again as RegistryRejectedError).reason).toBe('NothingToWithdraw');
  });

  it('follows at most 8 links: the record 8 links up keeps everything it receives', async () => {
    const ids = await chainOf(11, 10000);
    const leaf = ids[10]!;
    const result = await t.registry.pay(leaf, 1000n);
    const forwards = result.steps.filter((s) => s.step === 'forwarded');
    expect(forwards).toHaveLength(8);
    expect(credited(result.steps)).toEqual([[ids[2]!, 1000n]]);
    expect(result.steps.find((s) => s.step === 'credited')!.depth).toBe(8);
  });

  it('stops forwarding when 64 lineage nodes are reserved: the next record keeps its whole share', async () => {
    const roots: string[] = [];
    for (let i = 0; i < 8; i++) roots.push((await t.registry.register(media())).id);
    const middles: string[] = [];
    for (let i = 0; i < 8; i++) {
      const parents = roots.map((id) => ({ id, relation: 'DerivedFrom' as Relation, shareBps: 1000 }));
      middles.push((await t.registry.register(media({ parents }))).id);
    }
    const leaf = await t.registry.register(
      media({ parents: middles.map((id) => ({ id, relation: 'DerivedFrom' as Relation, shareBps: 1000 })) }),
    );
    const result = await t.registry.pay(leaf.id, 1_000_000n);
    // Leaf reserves 8; middles 1..7 reserve 8 each (64 in all); middle 8 would exceed the budget.
    const forwardedBy = (id: string) =>
      result.steps.filter((s) => s.step === 'forwarded' && s.id === id).length;
    expect(middles.map(forwardedBy)).toEqual([8, 8, 8, 8, 8, 8, 8, 0]);
    expect(credited(result.steps).find(([id]) => id === middles[7])).toEqual([middles[7], 100_000n]);
    expect(credited(result.steps).reduce((sum, [, amount]) => sum + amount, 0n)).toBe(1_000_000n);
  });

  it('a revoked parent is skipped and its share stays with the child', async () => {
    const parent = await t.registry.register(media());
    const child = await t.registry.register(
      media({ parents: [{ id: parent.id, relation: 'DerivedFrom', shareBps: 5000 }] }),
    );
    await t.registry.revoke(parent.id);
    const result = await t.registry.pay(child.id, 100n);
    expect(credited(result.steps)).toEqual([[child.id, 100n]]);
  });

  it('refuses a zero payment, an unknown record and a revoked record', async () => {
    const record = await t.registry.register(media());
    const revoked = await t.registry.register(media());
    await t.registry.revoke(revoked.id);
    const reasons = await Promise.all(
      [t.registry.pay(record.id, 0n), t.registry.pay(999_999, 1n), t.registry.pay(revoked.id, 1n)].map((p) =>
        p.then(
          () => 'accepted',
          (e: RegistryRejectedError) => e.reason,
        ),
      ),
    );
    expect(reasons).toEqual(['ZeroPayment', 'UnknownRecord', 'RecordIsRevoked']);
  });

  it('a contract registrant that re-enters withdraw() from its receive() gets paid once; the nested call fails', async () => {
    const receiver = await deployTestContract('ReentrantReceiver', t.wallets[0]!, t.registry.address);
    const receiverAddress = await receiver.getAddress();
    const iface = t.registry.contract.interface;
    const register = iface.encodeFunctionData('register', [
      {
        contentHash: `0x${media().contentHash}`,
        kind: 0,
        title: '',
        creator: 'receiver',
        uri: '',
        manifestHash: `0x${'0'.repeat(64)}`,
        digitalSourceType: '',
        training: 0,
        parents: [],
        softBindings: [],
      },
    ]);
    await (await receiver.getFunction('forward')(register)).wait();
    const [ids] = [
      await t.registry.contract
        .getFunction('idsByHash')
        .staticCall(iface.decodeFunctionData('register', register)[0].contentHash),
    ];
    const id = String((ids as bigint[])[0]);
    await t.as(t.wallets[9]!).pay(id, 50_000n);
    const registryBalanceBefore = await t.provider.getBalance(t.registry.address);

    await (await receiver.getFunction('forward')(iface.encodeFunctionData('withdraw'))).wait();

    expect(await receiver.getFunction('reentryAttempted')()).toBe(true);
    expect(await receiver.getFunction('reentrySucceeded')()).toBe(false);
    expect(iface.parseError(await receiver.getFunction('reentryError')())?.name).toBe('Reentrancy');
    expect(await receiver.getFunction('received')()).toBe(50_000n);
    expect(await t.registry.creditsOf(receiverAddress)).toBe(0n);
    expect(await t.provider.getBalance(t.registry.address)).toBe(registryBalanceBefore - 50_000n);
  });

  it('a registrant that refuses the transfer keeps its credit (WithdrawFailed, nothing lost)', async () => {
    const receiver = await deployTestContract('ReentrantReceiver', t.wallets[0]!, t.registry.address);
    const receiverAddress = await receiver.getAddress();
    const iface = t.registry.contract.interface;
    const contentHash = `0x${media().contentHash}`;
    await (
      await receiver.getFunction('forward')(
        iface.encodeFunctionData('register', [
          {
            contentHash,
            kind: 0,
            title: '',
            creator: '',
            uri: '',
            manifestHash: `0x${'0'.repeat(64)}`,
            digitalSourceType: '',
            training: 0,
            parents: [],
            softBindings: [],
          },
        ]),
      )
    ).wait();
    const [id] = (await t.registry.contract.getFunction('idsByHash').staticCall(contentHash)) as bigint[];
    await t.registry.pay(id!, 777n);
    await (await receiver.getFunction('setRefusePayments')(true)).wait();
    const failure = await receiver
      .getFunction('forward')
      .staticCall(iface.encodeFunctionData('withdraw'))
      .catch((e: { data?: string }) => iface.parseError(e.data ?? '0x')?.name);
    expect(failure).toBe('WithdrawFailed');
    expect(await t.registry.creditsOf(receiverAddress)).toBe(777n);
  });
});

describe('pay() arithmetic invariants (property test on a real chain)', () => {
  // A reference of the contract's rule: each node passes floor(amount * bps / 10000) to each live parent.
  function expectedCredits(
    nodes: { parents: { index: number; bps: number }[] }[],
    paid: number,
    amount: bigint,
  ): Map<number, bigint> {
    const out = new Map<number, bigint>();
    const visit = (index: number, value: bigint): void => {
      let forwarded = 0n;
      for (const p of nodes[index]!.parents) {
        const share = (value * BigInt(p.bps)) / 10000n;
        if (share === 0n) continue;
        forwarded += share;
        visit(p.index, share);
      }
      if (value - forwarded > 0n) out.set(index, (out.get(index) ?? 0n) + value - forwarded);
    };
    visit(paid, amount);
    return out;
  }

  const lineageArb = fc
    .array(fc.array(fc.integer({ min: 0, max: 10000 }), { maxLength: 3 }), { minLength: 1, maxLength: 5 })
    .map((parentShares) =>
      parentShares.map((shares, i) => {
        // Parents are earlier nodes (the registry requires it); shares scaled so they never exceed 10000.
        const parents = shares.slice(0, i).map((bps, k) => ({ index: i - 1 - k, bps }));
        const total = parents.reduce((s, p) => s + p.bps, 0);
        return {
          parents:
            total > 10000
              ? parents.map((p) => ({ ...p, bps: Math.floor((p.bps * 10000) / total) }))
              : parents,
        };
      }),
    );

  it('every wei paid is credited exactly once, and every forward is the rounded-down share', async () => {
    await fc.assert(
      fc.asyncProperty(lineageArb, fc.bigInt({ min: 1n, max: 10n ** 20n }), async (nodes, amount) => {
        const ids: string[] = [];
        for (const node of nodes) {
          const parents = node.parents.map((p) => ({
            id: ids[p.index]!,
            relation: 'DerivedFrom' as Relation,
            shareBps: p.bps,
          }));
          ids.push((await t.registry.register(media({ parents }))).id);
        }
        const paid = nodes.length - 1;
        const result = await t.registry.pay(ids[paid]!, amount);
        const credits = result.steps.filter((s) => s.step === 'credited');
        expect(credits.reduce((sum, s) => sum + s.amount, 0n)).toBe(amount);
        const expected = expectedCredits(nodes, paid, amount);
        const actual = new Map<number, bigint>();
        for (const s of credits)
          actual.set(ids.indexOf(s.id), (actual.get(ids.indexOf(s.id)) ?? 0n) + s.amount);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 15, seed: 20261125 },
    );
  });
});
