// Reads a file's Content Credentials with the wasm engine, as the tests in this folder check them.
import { initNodeEngine } from '../../src/sign/node-engine.ts';
import { WasmReader, wasmBlob } from '../../src/verify/engine/wasm.ts';

export interface ManifestView {
  title?: string;
  claim_generator_info?: { name: string; version?: string }[];
  assertions?: { label: string; data: unknown }[];
  ingredients?: {
    title?: string;
    relationship?: string;
    active_manifest?: string;
    thumbnail?: { format: string; identifier: string };
  }[];
  signature_info?: { alg?: string; issuer?: string; common_name?: string };
  thumbnail?: { format: string; identifier: string };
}

export interface StoreView {
  active_manifest?: string;
  manifests: Record<string, ManifestView>;
  validation_state?: string;
  validation_results?: {
    activeManifest?: { failure?: { code: string }[]; success?: { code: string }[] };
    ingredientDeltas?: { validationDeltas: { failure: { code: string }[] } }[];
  };
}

export interface ReadBack {
  store: StoreView;
  active: ManifestView;
  state: string | undefined;
  failureCodes: string[];
  actions: { action: string; digitalSourceType?: string; softwareAgent?: { name: string } }[];
}

export async function readBack(
  bytes: Uint8Array,
  mediaType: string,
  settingsJson?: string,
): Promise<ReadBack> {
  initNodeEngine();
  const reader = await WasmReader.fromBlob(mediaType, wasmBlob(bytes, mediaType), settingsJson ?? null);
  try {
    const store = JSON.parse(reader.json()) as StoreView;
    const active = store.manifests[store.active_manifest ?? ''];
    if (!active) throw new Error('no active manifest');
    const failures = store.validation_results?.activeManifest?.failure ?? [];
    const actions = (active.assertions ?? [])
      .filter((a) => a.label.startsWith('c2pa.actions'))
      .flatMap((a) => (a.data as { actions: ReadBack['actions'] }).actions);
    return {
      store,
      active,
      state: store.validation_state,
      failureCodes: [...new Set(failures.map((f) => f.code))].sort(),
      actions,
    };
  } finally {
    reader.free();
  }
}

export function assertionData<T>(manifest: ManifestView, label: string): T | undefined {
  return manifest.assertions?.find((a) => a.label === label)?.data as T | undefined;
}
