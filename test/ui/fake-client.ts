// A stand-in for extension/platform/client.ts: t() reads the real _locales catalog (and fails on a missing
// message, so a typo cannot hide), the runtime calls are spies each test sets up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import type {
  PaymentReceipt,
  RegisterWorkRequest,
  RegisterWorkResult,
  RegistrationAccount,
} from '../../extension/platform/client.ts';
import type {
  AnchorImportResult,
  MediaItem,
  Settings,
  TrustListStatus,
} from '../../extension/platform/model.ts';
import { type Catalog, localize as localizeCatalog } from '../../src/verdict/english.ts';

export function loadCatalog(locale: 'en' | 'de'): Catalog {
  // The project root, not import.meta.url: under happy-dom module URLs are not file: URLs.
  const file = path.resolve(process.cwd(), 'public/_locales', locale, 'messages.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Catalog;
}

/** browser.i18n.getMessage over a catalog, failing on a missing message. */
export function localize(catalog: Catalog, name: string, substitutions?: string | string[]): string {
  if (name === '@@ui_locale') return 'en';
  if (name === '@@bidi_dir') return 'ltr';
  const text = localizeCatalog(catalog, name, substitutions);
  if (text === undefined) throw new Error(`No message named "${name}" in _locales`);
  return text;
}

const english = loadCatalog('en');

export const fakeClient = {
  listTabMedia: vi.fn<(tabId: number) => Promise<MediaItem[]>>(),
  watchTabMedia: vi.fn<(tabId: number, onChange: (items: MediaItem[]) => void) => () => void>(
    () => () => undefined,
  ),
  getMediaItem: vi.fn<(key: string) => Promise<MediaItem | undefined>>(),
  verifyFile: vi.fn<(name: string, bytes: Uint8Array, mediaType: string) => Promise<MediaItem>>(),
  getSettings: vi.fn<() => Promise<Settings>>(),
  saveSettings: vi.fn<(patch: Partial<Settings>) => Promise<Settings>>(),
  getTrustStatus: vi.fn<() => Promise<TrustListStatus[]>>(),
  refreshTrustLists: vi.fn<() => Promise<TrustListStatus[]>>(),
  importTrustAnchors: vi.fn<(pem: string) => Promise<AnchorImportResult>>(),
  openDetail: vi.fn<(key: string, where: 'tab' | 'sidepanel') => Promise<void>>(),
  activeTabId: vi.fn<() => Promise<number | undefined>>(),
  registerWork: vi.fn<(req: RegisterWorkRequest) => Promise<RegisterWorkResult>>(),
  payRecord: vi.fn<(recordId: string, amountWei: bigint, passphrase?: string) => Promise<PaymentReceipt>>(),
  getRegistrationAccount: vi.fn<() => Promise<RegistrationAccount>>(),
  exportRegistrationKey: vi.fn<(passphrase: string) => Promise<{ address: string; privateKey: string }>>(),
  t: (name: string, substitutions?: string | string[]) => localize(english, name, substitutions),
};
