// The person's settings, in extension storage (synced nowhere).

import { readLocal, writeLocal } from '../platform/background.ts';
import { DEFAULT_SETTINGS, type Settings } from '../platform/model.ts';

const KEY = 'settings';

/** Only the background writes settings (saveSettings), so one read per background lifetime suffices. */
let current: Promise<Settings> | undefined;

export function loadSettings(): Promise<Settings> {
  current ??= readLocal<Partial<Settings>>(KEY).then(
    (stored) => ({ ...DEFAULT_SETTINGS, ...(stored ?? {}) }),
    (error: unknown) => {
      current = undefined;
      throw error;
    },
  );
  return current;
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next: Settings = { ...(await loadSettings()), ...patch };
  next.disabledSites = [
    ...new Set(next.disabledSites.map((site) => site.trim().toLowerCase()).filter(Boolean)),
  ];
  if (next.registry) {
    const url = new URL(next.registry.rpcUrl); // throws a readable TypeError for a bad address
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol))
      throw new Error('The registry RPC URL must be http(s) or ws(s).');
    if (!/^0x[0-9a-fA-F]{40}$/.test(next.registry.address))
      throw new Error('The registry address must be 0x and 40 hex digits.');
    if (
      next.registry.relayUrl !== undefined &&
      !['http:', 'https:'].includes(new URL(next.registry.relayUrl).protocol)
    )
      throw new Error('The relay URL must be http(s).');
    if (
      next.registry.indexerUrl !== undefined &&
      !/^https?:$/.test(new URL(next.registry.indexerUrl).protocol)
    )
      throw new Error('The registry indexer URL must be http(s).');
  }
  await writeLocal(KEY, next);
  current = Promise.resolve(next);
  return next;
}
