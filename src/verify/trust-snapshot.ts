// The dated snapshot of the official lists shipped with the CLI and the extension (`public/trust/`), so
// trust is in force from the first second, offline too. `npm run trust:snapshot -- DIR` regenerates it.
import { type CachedList, OFFICIAL_LISTS, type TrustListStore } from './trust-lists.ts';

/** `public/trust/snapshot.json`: what the snapshot holds, from where, and its checksums. */
export interface TrustSnapshot {
  /** The day the lists were taken from their publishers (YYYY-MM-DD). */
  date: string;
  lists: {
    id: string;
    name: string;
    file: string;
    url: string;
    /** Hex SHA-256 of the file. */
    sha256: string;
    /** Certificates, hashes or OIDs it holds. */
    entries: number;
    licence: string;
  }[];
}

/** A read-only store over the snapshot; `readFile` returns a snapshot file's text. */
export async function snapshotStore(
  snapshot: TrustSnapshot,
  readFile: (file: string) => Promise<string>,
): Promise<TrustListStore> {
  const lists = new Map<string, CachedList>();
  for (const official of OFFICIAL_LISTS) {
    const entry = snapshot.lists.find((list) => list.id === official.id);
    if (!entry) continue;
    lists.set(official.id, {
      id: official.id,
      name: official.name,
      text: await readFile(entry.file),
      version: `snapshot ${snapshot.date}`,
      fetchedAt: `${snapshot.date}T00:00:00.000Z`,
      url: entry.url,
      source: 'bundled',
    });
  }
  return {
    load: async (id) => lists.get(id),
    save: async () => {
      throw new Error('the bundled snapshot is read-only');
    },
  };
}
