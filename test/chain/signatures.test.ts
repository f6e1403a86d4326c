import { Signature, TypedDataEncoder, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.ts';
import { RegistryRejectedError } from '../../src/registry/errors.ts';
import { deployTestContract, media, startTestChain, type TestChain } from './chain.ts';

let t: TestChain;
beforeAll(async () => {
  t = await startTestChain();
});
afterAll(async () => {
  await t?.stop();
});

async function rejectionReason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryRejectedError);
  return (error as RegistryRejectedError).reason;
}

const inAnHour = (): bigint => BigInt(Math.floor(Date.now() / 1000) + 3600);

describe('registration by EIP-712 signature', () => {
  it('a relayer submits a creator-signed registration; the creator is the registrant and pays no gas', async () => {
    const creator = Wallet.createRandom().connect(t.provider);
    const relayer = t.as(t.wallets[1]!);
    const signed = await t.registry.signRegistration(creator, media({ creator: 'Signed Creator' }));
    const result = await relayer.submitSignedRegistration(signed);
    const [record] = await t.registry.recordsByIds([result.id]);
    expect([record!.registrant, record!.creator]).toEqual([creator.address, 'Signed Creator']);
    expect(await t.provider.getBalance(creator.address)).toBe(0n);
    expect(await t.registry.nonceOf(creator.address)).toBe(1n);
  });

  it('the contract digest equals the EIP-712 hash ethers computes for the same typed data', async () => {
    const input = media({
      kind: 'output',
      parents: [],
      softBindings: [{ algorithm: 'pdq64', value: '0123456789abcdef' }],
      manifestHash: 'ab'.repeat(32),
    });
    const registrant = t.wallets[2]!.address;
    const data = await t.registry.registrationTypedData(input, registrant, 7n, 1234n);
    const fromContract = await t.registry.contract.getFunction('registrationDigest')(
      { ...data.message },
      registrant,
      7n,
      1234n,
    );
    expect(fromContract).toBe(TypedDataEncoder.hash(data.domain, data.types, data.message));
  });

  it('replaying a used signature is rejected', async () => {
    const creator = t.wallets[3]!;
    const signed = await t.registry.signRegistration(creator, media());
    await t.registry.submitSignedRegistration(signed);
    expect(await rejectionReason(t.as(t.wallets[4]!).submitSignedRegistration(signed))).toBe(
      'InvalidSignature',
    );
  });

  it('a signature made for another chain id is rejected', async () => {
    const creator = t.wallets[3]!;
    const input = media();
    const nonce = await t.registry.nonceOf(creator.address);
    const deadline = inAnHour();
    const data = await t.registry.registrationTypedData(input, creator.address, nonce, deadline);
    const signature = await creator.signTypedData({ ...data.domain, chainId: 1 }, data.types, data.message);
    const reason = await rejectionReason(
      t.registry.submitSignedRegistration({
        registration: input,
        registrant: creator.address,
        nonce,
        deadline,
        signature,
      }),
    );
    expect(reason).toBe('InvalidSignature');
  });

  it('a signature made for another registry contract is rejected by this one', async () => {
    const creator = t.wallets[3]!;
    const { client: other } = await RegistryClient.deploy(t.wallets[0]!, t.compiled);
    const signed = await other.signRegistration(creator, media());
    expect(await rejectionReason(t.registry.submitSignedRegistration(signed))).toBe('InvalidSignature');
    // The same signature is good where it was meant to go.
    expect((await other.submitSignedRegistration(signed)).registrant).toBe(creator.address);
  });

  it('a registration altered after signing is rejected', async () => {
    const creator = t.wallets[3]!;
    const signed = await t.registry.signRegistration(creator, media({ creator: 'Honest' }));
    const altered = { ...signed, registration: { ...signed.registration, creator: 'Forger' } };
    expect(await rejectionReason(t.registry.submitSignedRegistration(altered))).toBe('InvalidSignature');
  });

  it('a signature by someone else than the named registrant is rejected', async () => {
    const signed = await t.registry.signRegistration(t.wallets[5]!, media());
    const claimed = { ...signed, registrant: t.wallets[6]!.address };
    expect(await rejectionReason(t.registry.submitSignedRegistration(claimed))).toBe('InvalidSignature');
  });

  it('the malleable twin of a valid signature (high s) is rejected', async () => {
    const creator = t.wallets[3]!;
    const signed = await t.registry.signRegistration(creator, media());
    const sig = Signature.from(signed.signature);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = `0x${(n - BigInt(sig.s)).toString(16).padStart(64, '0')}`;
    const twin = `${sig.r}${highS.slice(2)}${(sig.v === 27 ? 28 : 27).toString(16)}`;
    expect(await rejectionReason(t.registry.submitSignedRegistration({ ...signed, signature: twin }))).toBe(
      'InvalidSignature',
    );
  });

  it('an expired signature is rejected', async () => {
    const creator = t.wallets[3]!;
    const latest = await t.provider.getBlock('latest');
    const signed = await t.registry.signRegistration(creator, media(), {
      deadline: BigInt(latest!.timestamp - 1),
    });
    expect(await rejectionReason(t.registry.submitSignedRegistration(signed))).toBe('SignatureExpired');
  });

  it('nonces are per signer: one signer using a nonce leaves another signer at 0', async () => {
    const a = Wallet.createRandom();
    const b = Wallet.createRandom();
    await t.registry.submitSignedRegistration(await t.registry.signRegistration(a, media()));
    expect([await t.registry.nonceOf(a.address), await t.registry.nonceOf(b.address)]).toEqual([1n, 0n]);
  });
});

describe('ERC-1271 contract signers', () => {
  it('a contract wallet registers through a signature its owner key made; the wallet is the registrant', async () => {
    const owner = Wallet.createRandom();
    const wallet = await deployTestContract('TestWallet', t.wallets[0]!, owner.address);
    const walletAddress = await wallet.getAddress();
    const input = media({ creator: 'Studio wallet' });
    const nonce = await t.registry.nonceOf(walletAddress);
    const deadline = inAnHour();
    const digest = await t.registry.registrationDigest(input, walletAddress, nonce, deadline);
    const signature = owner.signingKey.sign(digest).serialized;
    const result = await t.registry.submitSignedRegistration({
      registration: input,
      registrant: walletAddress,
      nonce,
      deadline,
      signature,
    });
    expect(result.registrant).toBe(walletAddress);
    expect(await t.registry.nonceOf(walletAddress)).toBe(1n);
  });

  it('a contract wallet refuses a signature by a key that is not its owner', async () => {
    const owner = Wallet.createRandom();
    const stranger = Wallet.createRandom();
    const wallet = await deployTestContract('TestWallet', t.wallets[0]!, owner.address);
    const walletAddress = await wallet.getAddress();
    const input = media();
    const deadline = inAnHour();
    const digest = await t.registry.registrationDigest(input, walletAddress, 0n, deadline);
    const signature = stranger.signingKey.sign(digest).serialized;
    const reason = await rejectionReason(
      t.registry.submitSignedRegistration({
        registration: input,
        registrant: walletAddress,
        nonce: 0n,
        deadline,
        signature,
      }),
    );
    expect(reason).toBe('InvalidSignature');
  });
});
