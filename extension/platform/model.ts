// Shapes shared by every part of the extension (background, offscreen, content, UIs).
// The message contract in messages.ts carries these; UIs read them through client.ts.
import type { Origin, Trust, Verdict } from '../../src/verdict/types.ts';

export type MediaKind = 'image' | 'audio' | 'video';

/** One piece of media seen on a tab (or dropped on the inspect page). */
export interface MediaItem {
  /** Stable key: SHA-256 of the bytes once known, else the URL. */
  key: string;
  /** The media URL as the page shows it (data:/blob: URLs shortened for display). */
  src: string;
  kind: MediaKind;
  /** "checking" until a verdict arrives; a check that hangs times out into a verdict with trust "error". */
  state: 'checking' | 'done';
  verdict?: Verdict;
  /** Small data: URL thumbnail for lists, when available. */
  thumbnail?: string;
  /** File name on the inspect page. */
  name?: string;
  /** Document-order key of the element showing it on the page; lists sort by it. */
  order?: string;
}

export interface TrustListStatus {
  id: string; // "c2pa-conformance" | "c2pa-tsa" | "interim" | "user"
  name: string;
  certificates: number;
  version?: string;
  fetchedAt?: string;
  source: 'bundled' | 'fetched' | 'cache' | 'user';
  /** The last refresh failed (the list in force stays as it was): why, and when. */
  error?: string;
  failedAt?: string;
}

export interface AnchorImportResult {
  accepted: { subject: string; sha256: string }[];
  rejected: { subject?: string; reason: string }[];
}

export interface Settings {
  autoScan: boolean;
  /** Hostnames where auto-scan is off even when autoScan is on. */
  disabledSites: string[];
  /** Badge on credentialed media on the page. */
  overlay: boolean;
  /** Also badge AI-derived media that carry no credential (unsigned metadata, registry lineage): "AI?". */
  overlayAiWithoutCredentials: boolean;
  /** Allow fetching remote manifests named inside media (privacy: off by default). */
  remoteManifests: boolean;
  /**
   * `network` names an entry of src/registry/networks.ts; `relayUrl` submits registrations when the key has no
   * funds; `indexerUrl` is a registry indexer (`provlens index`) asked before the chain's logs.
   */
  registry: {
    rpcUrl: string;
    address: string;
    chainId?: number;
    network?: string;
    relayUrl?: string;
    indexerUrl?: string;
  } | null;
}

export const DEFAULT_SETTINGS: Settings = {
  autoScan: true,
  disabledSites: [],
  overlay: true,
  overlayAiWithoutCredentials: true,
  remoteManifests: false,
  registry: null,
};

/** Whether media on this page is checked without being asked. */
export function autoScanAllowed(settings: Settings, pageUrl: string): boolean {
  if (!settings.autoScan) return false;
  try {
    const host = new URL(pageUrl).hostname.toLowerCase();
    return !settings.disabledSites.some((site) => host === site || host.endsWith(`.${site}`));
  } catch {
    return true;
  }
}

export type { Origin, Trust, Verdict };
