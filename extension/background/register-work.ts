// "Register as my work": records the content hash on the provenance registry with the extension's own key,
// kept encrypted at rest under the person's passphrase (created on first use).
import { Wallet } from 'ethers';
import { connectRpc, RegistryClient } from '../../src/registry/client.ts';
import {
  RECORD_KINDS,
  type RecordKind,
  TRAINING_PERMISSIONS,
  type TrainingPermission,
} from '../../src/registry/encoding.ts';
import type { RegisterWorkRequest } from '../platform/messages.ts';
import type { Settings } from '../platform/model.ts';
import { readLocal, writeLocal } from '../platform/runtime.ts';
import type { TabMedia } from './tab-media.ts';

const KEY_STORE = 'creatorKey';

async function unlockKey(passphrase: string): Promise<Wallet> {
  if (passphrase.length < 8)
    throw new Error('Use a passphrase of at least 8 characters: it protects your registration key.');
  const stored = await readLocal<string>(KEY_STORE);
  if (!stored) {
    const wallet = Wallet.createRandom();
    await writeLocal(KEY_STORE, await wallet.encrypt(passphrase));
    return new Wallet(wallet.privateKey);
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(stored, passphrase);
    return new Wallet(wallet.privateKey);
  } catch {
    throw new Error('That passphrase does not unlock your registration key.');
  }
}

async function contentHashOf(
  request: RegisterWorkRequest,
  media: TabMedia,
): Promise<{ hash: string; uri?: string }> {
  if (request.key && /^[0-9a-f]{64}$/.test(request.key)) {
    const item = await media.find(request.key);
    return { hash: request.key, ...(item?.src && /^https?:/.test(item.src) ? { uri: item.src } : {}) };
  }
  if (!request.src)
    throw new Error('Choose the media to register (right-click it, or open it from the list).');
  const response = await fetch(request.src, { cache: 'force-cache', credentials: 'include' });
  if (!response.ok) throw new Error(`Could not download the media to register: HTTP ${response.status}.`);
  const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
  const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { hash, ...(/^https?:/.test(request.src) ? { uri: request.src } : {}) };
}

export async function registerWork(
  request: RegisterWorkRequest,
  context: { settings: Settings; media: TabMedia },
): Promise<{ recordId: string; txHash: string }> {
  const registry = context.settings.registry;
  if (!registry)
    throw new Error('No registry is set: add its RPC URL and contract address in Options first.');
  if (!RECORD_KINDS.includes(request.kind as RecordKind))
    throw new Error(`Unknown kind of work: ${request.kind}.`);
  if (!TRAINING_PERMISSIONS.includes(request.training as TrainingPermission)) {
    throw new Error(`Unknown training permission: ${request.training}.`);
  }
  const total = request.parents.reduce((sum, parent) => sum + parent.bps, 0);
  if (request.parents.some((parent) => parent.bps < 0) || total > 10_000) {
    throw new Error('Shares for the works you credit must be between 0 and 100 % in total.');
  }
  const { hash, uri } = await contentHashOf(request, context.media);
  const key = await unlockKey(request.passphrase);
  const provider = await connectRpc(
    registry.rpcUrl,
    registry.chainId !== undefined ? { chainId: registry.chainId } : {},
  );
  const signer = key.connect(provider);
  const balance = await provider.getBalance(signer.address);
  if (balance === 0n) {
    throw new Error(
      `Your registration account ${signer.address} has no funds for the transaction fee on this chain.`,
    );
  }
  const client = new RegistryClient(registry.address, signer);
  const result = await client.register({
    contentHash: hash,
    kind: request.kind as RecordKind,
    creator: request.creator,
    training: request.training as TrainingPermission,
    parents: request.parents.map((parent) => ({
      id: parent.id,
      relation: 'DerivedFrom',
      shareBps: parent.bps,
    })),
    ...(uri ? { uri } : {}),
  });
  return { recordId: result.id, txHash: result.txHash };
}
