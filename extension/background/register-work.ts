// "Register as my work": records the content hash (and, for images, its pdq64 fingerprint, so stripped or
// re-encoded copies still find the record) on the provenance registry, signed with the extension's own key.
import {
  RECORD_KINDS,
  type RecordKind,
  TOTAL_BPS,
  TRAINING_PERMISSIONS,
  type TrainingPermission,
} from '../../src/registry/client.ts';
import { sha256Hex } from '../../src/verify/sha256.ts';
import type { RegisterWorkRequest } from '../platform/messages.ts';
import type { FingerprintBytes, Registry } from './registry.ts';
import type { TabMedia } from './tab-media.ts';

const MAX_REGISTER_BYTES = 256 * 1024 * 1024;

interface Content {
  hash: string;
  uri?: string;
  bytes?: Uint8Array;
  mediaType?: string;
}

async function download(src: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
  const response = await fetch(src, { cache: 'force-cache', credentials: 'include' });
  if (!response.ok) throw new Error(`Could not download the media to register: HTTP ${response.status}.`);
  if (Number(response.headers.get('content-length') ?? '0') > MAX_REGISTER_BYTES)
    throw new Error('The media is too large to register from the browser; use `provlens register`.');
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    mediaType: response.headers.get('content-type')?.split(';')[0]?.trim() ?? '',
  };
}

async function contentOf(request: RegisterWorkRequest, media: TabMedia): Promise<Content> {
  const webUri = (src: string | undefined) => (src && /^https?:/i.test(src) ? { uri: src } : {});
  if (request.key && /^[0-9a-f]{64}$/.test(request.key)) {
    const item = await media.find(request.key);
    const src = item?.src;
    if (src && /^(https?|data):/i.test(src)) {
      const got = await download(src).catch(() => undefined);
      // Only bytes that are the registered content may give the fingerprint.
      if (got && (await sha256Hex(got.bytes)) === request.key)
        return { hash: request.key, ...webUri(src), ...got };
    }
    return { hash: request.key, ...webUri(src) };
  }
  if (!request.src)
    throw new Error('Choose the media to register (right-click it, or open it from the list).');
  const got = await download(request.src);
  return { hash: await sha256Hex(got.bytes), ...webUri(request.src), ...got };
}

export async function registerWork(
  request: RegisterWorkRequest,
  context: { registry: Registry; media: TabMedia; fingerprint?: FingerprintBytes },
): Promise<{ recordId: string; txHash: string; registrant: string }> {
  if (!RECORD_KINDS.includes(request.kind as RecordKind))
    throw new Error(`Unknown kind of work: ${request.kind}.`);
  if (!TRAINING_PERMISSIONS.includes(request.training as TrainingPermission)) {
    throw new Error(`Unknown training permission: ${request.training}.`);
  }
  if (request.creator.trim() === '') throw new Error('Say who made the work (the creator name).');
  const total = request.parents.reduce((sum, parent) => sum + parent.bps, 0);
  if (request.parents.some((parent) => parent.bps < 0) || total > TOTAL_BPS) {
    throw new Error('Shares for the works you credit must be between 0 and 100 % in total.');
  }
  const content = await contentOf(request, context.media);
  let softBindings: { algorithm: string; value: string }[] = [];
  if (content.bytes && context.fingerprint && /^image\//.test(content.mediaType || 'image/')) {
    const fingerprints = await context.fingerprint(content.bytes, content.mediaType ?? '').catch(() => []);
    softBindings = fingerprints
      .filter((f) => f.bits === 64 && /^[0-9a-f]{16}$/.test(f.value))
      .map((f) => ({ algorithm: f.algorithm, value: f.value }));
  }
  const result = await context.registry.register({
    contentHash: content.hash,
    kind: request.kind as RecordKind,
    creator: request.creator.trim(),
    ...(request.title?.trim() ? { title: request.title.trim() } : {}),
    ...(request.digitalSourceType ? { digitalSourceType: request.digitalSourceType } : {}),
    training: request.training as TrainingPermission,
    parents: request.parents,
    softBindings,
    passphrase: request.passphrase,
    ...(content.uri ? { uri: content.uri } : {}),
  });
  // The page's lists show the new record as soon as it is mined.
  await context.media.refreshRegistry(content.hash);
  return result;
}
