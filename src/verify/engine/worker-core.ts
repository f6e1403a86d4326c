// Runs inside a worker (Node worker thread or browser Worker) after initEngine(): one read per request.

import { isPrivateHost } from '../network-policy.ts';
import { classifyEngineError } from './failure.ts';
import type {
  EngineReadRequest,
  EngineResource,
  EngineResult,
  ManifestStoreJson,
  SignatureDetails,
} from './protocol.ts';
import { applyGlobalSettings, WasmReader, wasmBlob } from './wasm.ts';

const RealDate = Date;

/** Settings the engine holds now: loading them once per worker, not per read, saves 5-20 ms a file. */
let settingsInForce: string | undefined;

function useSettings(settingsJson: string): void {
  if (settingsJson === settingsInForce) return;
  settingsInForce = undefined;
  applyGlobalSettings(settingsJson);
  settingsInForce = settingsJson;
}

/** Pins the clock c2pa-rs sees (certificate validity) for the duration of one read. */
function withClock<T>(iso: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!iso) return run();
  const fixed = new RealDate(iso).getTime();
  if (Number.isNaN(fixed)) return Promise.reject(new Error(`Invalid validation time: ${iso}`));
  class PinnedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof Date> | []) {
      if (args.length === 0) super(fixed);
      else super(...(args as ConstructorParameters<typeof Date>));
    }
    static override now(): number {
      return fixed;
    }
  }
  globalThis.Date = PinnedDate as DateConstructor;
  return run().finally(() => {
    globalThis.Date = RealDate;
  });
}

/** Why the last read's remote-manifest fetch was refused (the engine's own error does not say). */
let refusedFetch: string | undefined;

/** Runs one read with fetch limited to public hosts (the wasm fetches remote manifests through it). */
async function withPublicFetch<T>(allowPrivate: boolean | undefined, run: () => Promise<T>): Promise<T> {
  const realFetch = globalThis.fetch;
  if (allowPrivate || typeof realFetch !== 'function') return run();
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      refusedFetch = `not fetched: ${url.protocol} addresses are never fetched`;
    else if (isPrivateHost(url.hostname))
      refusedFetch = `not fetched: ${url.hostname} is a local or private network address`;
    else return realFetch(input, init);
    return Promise.reject(new TypeError(refusedFetch));
  }) as typeof fetch;
  try {
    return await run();
  } finally {
    globalThis.fetch = realFetch;
  }
}

function collectThumbnailIds(store: ManifestStoreJson): string[] {
  const ids = new Set<string>();
  for (const manifest of Object.values(store.manifests ?? {})) {
    if (manifest.thumbnail?.identifier) ids.add(manifest.thumbnail.identifier);
    for (const ingredient of manifest.ingredients ?? []) {
      if (ingredient.thumbnail?.identifier) ids.add(ingredient.thumbnail.identifier);
    }
  }
  return [...ids];
}

function signatureDetails(reader: WasmReader): Record<string, SignatureDetails> {
  const out: Record<string, SignatureDetails> = {};
  try {
    const cr = JSON.parse(reader.crJson()) as {
      manifests?: { label?: string; signature?: SignatureDetails }[];
    };
    for (const manifest of cr.manifests ?? []) {
      if (manifest.label && manifest.signature) out[manifest.label] = manifest.signature;
    }
  } catch {
    // Certificate details are a nicety; the verdict stands without them.
  }
  return out;
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  return String(error);
}

export async function handleEngineRequest(request: EngineReadRequest): Promise<EngineResult> {
  let reader: WasmReader | undefined;
  let panic: string | undefined;
  const consoleError = console.error;
  // The wasm's panic hook prints to console.error; keep its first line for the message instead.
  console.error = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (/panicked at/.test(text)) panic ??= text.split('\n').slice(0, 2).join(' ').trim();
    else consoleError(...args);
  };
  refusedFetch = undefined;
  try {
    useSettings(request.settingsJson);
    reader = await withPublicFetch(request.privateRemoteManifests, () =>
      withClock(request.clock, () =>
        request.fragment
          ? WasmReader.fromBlobFragment(
              request.mediaType,
              wasmBlob(request.bytes),
              wasmBlob(request.fragment),
            )
          : WasmReader.fromBlob(request.mediaType, wasmBlob(request.bytes)),
      ),
    );
    const store = JSON.parse(reader.json()) as ManifestStoreJson;
    const resources: Record<string, EngineResource> = {};
    if (request.thumbnails) {
      for (const id of collectThumbnailIds(store)) {
        try {
          resources[id] = { bytes: new Uint8Array(reader.resourceToBytes(id)) };
        } catch {
          // A missing thumbnail is not a verification failure; the view shows none.
        }
      }
    }
    return { ok: true, store, resources, signatures: signatureDetails(reader) };
  } catch (error) {
    const message = refusedFetch ? `RemoteManifestFetch("${refusedFetch}")` : messageOf(error);
    // A Rust panic leaves the wasm instance unusable: a crash, so the pool replaces this worker.
    const crashed = error instanceof WebAssembly.RuntimeError || /unreachable|panicked/i.test(message);
    if (!crashed && message.includes('JumbfNotFound'))
      return { ok: true, store: null, resources: {}, signatures: {} };
    return classifyEngineError(crashed && panic ? `${message} (${panic})` : message, crashed, panic);
  } finally {
    console.error = consoleError;
    try {
      reader?.free();
    } catch {
      // Freeing after a panic can throw; the worker is being replaced anyway.
    }
  }
}
