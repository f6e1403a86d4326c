// The trust-list cache on disk for the CLI: ~/.cache/provenance-lens/trust (or $PROVLENS_CACHE).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CachedList, TrustListStore } from './trust-lists.ts';

export function cacheDir(): string {
  return (
    process.env.PROVLENS_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'provenance-lens')
  );
}

export function fileTrustStore(dir = join(cacheDir(), 'trust')): TrustListStore {
  return {
    async load(id) {
      try {
        return JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as CachedList;
      } catch {
        return undefined;
      }
    },
    async save(list) {
      await mkdir(dir, { recursive: true });
      const target = join(dir, `${list.id}.json`);
      // Write then rename: a full disk or a crash never leaves a half-written list behind.
      await writeFile(`${target}.tmp`, JSON.stringify(list));
      await rename(`${target}.tmp`, target);
    },
  };
}
