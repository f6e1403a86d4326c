// The bundled trust-list snapshot read from disk, for the CLI: the same files the extension build ships.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TrustListStore } from './trust-lists.ts';
import { snapshotStore, type TrustSnapshot } from './trust-snapshot.ts';

export const SNAPSHOT_DIR = fileURLToPath(new URL('../../public/trust/', import.meta.url));

/** The snapshot as a store, or undefined when this copy of the project has none. */
export async function bundledTrustStore(dir = SNAPSHOT_DIR): Promise<TrustListStore | undefined> {
  let snapshot: TrustSnapshot;
  try {
    snapshot = JSON.parse(await readFile(`${dir}/snapshot.json`, 'utf8')) as TrustSnapshot;
  } catch {
    return undefined;
  }
  return snapshotStore(snapshot, (file) => readFile(`${dir}/${file}`, 'utf8'));
}
