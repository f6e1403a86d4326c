// The one message contract between extension parts. Every message is a member of a discriminated union
// below, validated at runtime where it arrives, and accepted only from the sender role allowed to send it:
//   extension pages (popup, side panel, options, inspect, register) → background: `PageRequest`
//   content scripts → background, about their own tab only: `ContentRequest`
//   background → verifier host (Chrome offscreen document): `HostRequest`
//   background → content script: `OverlayHints`;  background → page ports: `TabMediaChanged`
// Web pages get nothing: the manifest has no externally_connectable and nothing listens to onMessageExternal.
import type { Verdict } from '../../src/verdict/types.ts';
import { ERROR_KIND_VALUES, ORIGIN_VALUES, TRUST_VALUES } from '../../src/verdict/types.ts';
import type { MediaItem, Settings } from './model.ts';
import {
  array,
  boolean,
  guard,
  type Infer,
  integer,
  literal,
  nullOr,
  object,
  optional,
  plainData,
  type Schema,
  string,
} from './schema.ts';

const MAX_URL = 4096;
/** Media per 'page-media-soon' message. */
export const MAX_SPOTTED = 100;
/** Jobs per 'host-verify-many' message. */
export const MAX_HOST_BATCH = 100;
/** data: URLs and base64 file bytes: bounded so one message cannot exhaust memory. */
export const MAX_INLINE_BYTES = 48 * 1024 * 1024;
const MAX_INLINE = Math.ceil((MAX_INLINE_BYTES * 4) / 3) + 64;
/** A file's leading headers, as far as the manifest sniff reads (src/verify/sniff.ts stops at 1 MiB). */
const MAX_HEAD = Math.ceil((1024 * 1024 * 4) / 3) + 64;

const mediaKind = literal('image', 'audio', 'video');
const trust = literal(...TRUST_VALUES);
const origin = literal(...ORIGIN_VALUES);

const settingsPatch = object({
  autoScan: optional(boolean()),
  disabledSites: optional(array(string(253), 1000)),
  overlay: optional(boolean()),
  overlayAiWithoutCredentials: optional(boolean()),
  remoteManifests: optional(boolean()),
  registry: optional(plainData(4) as Schema<Settings['registry']>),
});

const registerRequest = object({
  src: optional(string(MAX_INLINE)),
  key: optional(string(256)),
  kind: string(32),
  creator: string(512),
  title: optional(string(512)),
  /** IPTC digital source type URI: how the work was made. */
  digitalSourceType: optional(string(256)),
  training: string(32),
  parents: array(object({ id: string(128), bps: integer() }), 64),
  passphrase: string(1024),
});

// ---- extension pages → background -------------------------------------------------------------
const pageRequests = {
  'tab-media': object({ type: literal('tab-media'), tabId: integer() }),
  'media-item': object({ type: literal('media-item'), key: string(MAX_URL) }),
  'verify-file': object({
    type: literal('verify-file'),
    name: string(1024),
    bytes: string(MAX_INLINE),
    mediaType: string(128),
  }),
  /** The context-menu path: fetch a media URL with the extension's own permission and verify it. */
  'verify-url': object({
    type: literal('verify-url'),
    url: string(MAX_INLINE),
    kind: mediaKind,
    tabId: optional(integer()),
  }),
  'settings-get': object({ type: literal('settings-get') }),
  'settings-save': object({ type: literal('settings-save'), patch: settingsPatch }),
  'trust-status': object({ type: literal('trust-status') }),
  'trust-refresh': object({ type: literal('trust-refresh') }),
  'trust-import': object({ type: literal('trust-import'), pem: string(4 * 1024 * 1024) }),
  'open-detail': object({
    type: literal('open-detail'),
    key: string(MAX_URL),
    where: literal('tab', 'sidepanel'),
    tabId: optional(integer()),
  }),
  'register-work': object({ type: literal('register-work'), request: registerRequest }),
  /** "Support the creators": pay a record; the registry splits the amount down its lineage. */
  'registry-pay': object({
    type: literal('registry-pay'),
    recordId: string(80),
    /** Decimal wei. */
    amountWei: string(40),
    /** Needed only while the registration key is locked. */
    passphrase: optional(string(1024)),
  }),
  /** The extension's registration account: address, locked or not, balance. */
  'registry-account': object({ type: literal('registry-account') }),
  /** The registration key's private key, for a wallet: only with the passphrase, only when asked. */
  'registry-key-export': object({ type: literal('registry-key-export'), passphrase: string(1024) }),
} as const;

// ---- content scripts → background --------------------------------------------------------------
const reportedMedia = object({
  src: string(MAX_INLINE),
  kind: mediaKind,
  /** Bytes read by the page's own context (blob: URLs, or the page's cached copy), base64. */
  bytes: optional(string(MAX_INLINE)),
  /** The leading headers of the page's cached copy, base64, when they show no manifest; `size` is the whole. */
  head: optional(string(MAX_HEAD)),
  size: optional(integer()),
  mediaType: optional(string(128)),
  /**
   * The page is still downloading it: a later report brings its copy (head or bytes) or says there is none
   * (a report without this flag); the extension downloads nothing meanwhile unless it already knows the file.
   */
  copyFollows: optional(boolean()),
  /** Where the element sits in the page (page-order.ts), so lists follow the page's order. */
  order: optional(string(512)),
});
const contentRequests = {
  'page-media': object({
    type: literal('page-media'),
    /** True when the frame starts over (navigation): forget what this frame reported before. */
    reset: boolean(),
    media: array(reportedMedia, 2000),
  }),
  'badge-click': object({ type: literal('badge-click'), src: string(MAX_INLINE) }),
  /**
   * Media elements the top frame's parser has just made (content/spot-media.ts, from document start): what
   * the extension downloads itself starts now; the page scan still reports everything later.
   */
  'page-media-soon': object({
    type: literal('page-media-soon'),
    media: array(object({ src: string(MAX_INLINE), kind: mediaKind }), MAX_SPOTTED),
  }),
} as const;

// ---- background → verifier host ------------------------------------------------------------------
const hostJob = object({
  url: optional(string(MAX_INLINE)),
  bytes: optional(string(MAX_INLINE)),
  mediaType: optional(string(128)),
  name: optional(string(1024)),
  /** Names the trust lists and settings in force: the cache key, and the host's cue to reload trust. */
  trustFingerprint: string(256),
  remoteManifests: boolean(),
  /** A file without a manifest may be answered from its headers, with no SHA-256. */
  headersOnly: optional(boolean()),
  /** Its headers as the page's copy gave them (base64) and its whole size: no download when they suffice. */
  head: optional(string(MAX_HEAD)),
  size: optional(integer()),
  /** The tab's page: media of the same site is downloaded with its cookies, other media without. */
  pageUrl: optional(string(MAX_URL)),
});
const hostRequests = {
  'host-verify': object({ type: literal('host-verify'), job: hostJob }),
  /** Many files in one message: those answered from their headers come by the hundred on a busy page. */
  'host-verify-many': object({ type: literal('host-verify-many'), jobs: array(hostJob, MAX_HOST_BATCH) }),
  /** Starts the host ahead of the first file; with the trust fingerprint, it reads the lists too. */
  'host-ping': object({ type: literal('host-ping'), trustFingerprint: optional(string(256)) }),
  /** The list preview of a file, made after its verdict was returned. */
  'host-thumbnail': object({ type: literal('host-thumbnail'), sha256: string(64) }),
} as const;

export type PageRequest = {
  [K in keyof typeof pageRequests]: Infer<(typeof pageRequests)[K]>;
}[keyof typeof pageRequests];
export type ContentRequest = {
  [K in keyof typeof contentRequests]: Infer<(typeof contentRequests)[K]>;
}[keyof typeof contentRequests];
export type HostRequest = {
  [K in keyof typeof hostRequests]: Infer<(typeof hostRequests)[K]>;
}[keyof typeof hostRequests];
export type ReportedMedia = Infer<typeof reportedMedia>;
export type HostJob = Infer<typeof hostJob>;
export type RegisterWorkRequest = Infer<typeof registerRequest>;

export interface RegisterWorkResult {
  recordId: string;
  txHash: string;
  /** The extension's registration account, the record's registrant. */
  registrant?: string;
}

export interface PaymentReceipt {
  txHash: string;
  amountWei: string;
  /** Who was credited how much (withdrawable on the registry), down the lineage. */
  credited: { recordId: string; account: string; amountWei: string }[];
}

export interface RegistrationAccount {
  /** Absent until the first registration makes the key. */
  address?: string;
  unlocked: boolean;
  balanceWei?: string;
  chainId?: number;
}
export type AnyRequest = PageRequest | ContentRequest | HostRequest;

export interface HostVerifyResult {
  verdict: Verdict;
  /** Small data: URL preview for lists. */
  thumbnail?: string;
  /** Media type the bytes turned out to be. */
  mediaType: string;
}

/** What each request answers. */
export interface Responses {
  'tab-media': MediaItem[];
  'media-item': MediaItem | null;
  'verify-file': MediaItem;
  'verify-url': MediaItem;
  'settings-get': Settings;
  'settings-save': Settings;
  'trust-status': import('./model.ts').TrustListStatus[];
  'trust-refresh': import('./model.ts').TrustListStatus[];
  'trust-import': import('./model.ts').AnchorImportResult;
  'open-detail': null;
  'register-work': RegisterWorkResult;
  'registry-pay': PaymentReceipt;
  'registry-account': RegistrationAccount;
  'registry-key-export': { address: string; privateKey: string };
  /** The media whose copy the page need not send (the extension knows it already, or will download it). */
  'page-media': { copiesNotNeeded: string[] };
  'badge-click': null;
  'page-media-soon': null;
  'host-verify': HostVerifyResult;
  'host-verify-many': HostVerifyResult[];
  'host-ping': 'ready';
  'host-thumbnail': string | null;
}
export type ResponseTo<R extends AnyRequest> = Responses[R['type']];

/** Failures a view answers with its own words instead of the message: the key has no funds and no relay is set. */
export const FAILURE_REASONS = ['needs-funds'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** A failure with its reason, thrown in the background and again where the answer arrives: views switch on the reason, never on the words. */
export class ExtensionFailure extends Error {
  override name = 'ExtensionFailure';
  readonly reason: FailureReason | undefined;
  constructor(message: string, reason?: FailureReason) {
    super(message);
    this.reason = reason;
  }
}

/** Every answer travels in an envelope, so errors arrive as a message rather than a lost promise. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string; reason?: FailureReason };

/**
 * The value of an answer envelope, checked with the schema of what was asked: an answer that does not fit
 * is refused like a request that does not fit.
 */
export async function unwrap<T>(
  reply: unknown,
  problemWithValue: (value: unknown) => string | null,
): Promise<T> {
  const envelope = reply as Envelope<T> | undefined;
  if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
    throw new Error('The extension did not answer; reload the page and try again.');
  }
  if (!envelope.ok) {
    const reason = FAILURE_REASONS.find((known) => known === envelope.reason);
    throw new ExtensionFailure(String(envelope.error), reason);
  }
  const problem = problemWithValue(envelope.value);
  if (problem) throw new Error(`The extension answered something unexpected: ${problem}`);
  return envelope.value;
}

function pick<T extends Record<string, Schema<unknown>>>(table: T, value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'message must be an object';
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(table, type))
    return `unknown message type ${JSON.stringify(type)}`;
  return (table[type] as Schema<unknown>).check(value, type);
}

/** Validation of what arrives: returns the problem, or null when the message is well formed. */
export const problemWithPageRequest = (value: unknown): string | null => pick(pageRequests, value);
export const problemWithContentRequest = (value: unknown): string | null => pick(contentRequests, value);
export const problemWithHostRequest = (value: unknown): string | null => pick(hostRequests, value);

export const isPageRequestType = (type: unknown): boolean =>
  typeof type === 'string' && Object.hasOwn(pageRequests, type);
export const isContentRequestType = (type: unknown): boolean =>
  typeof type === 'string' && Object.hasOwn(contentRequests, type);
export const isHostRequestType = (type: unknown): boolean =>
  typeof type === 'string' && Object.hasOwn(hostRequests, type);

// ---- background → content / pages ------------------------------------------------------------------
/** The marks a badge can show: shape as well as colour tells them apart. */
export const MARK_TONES = ['verified', 'untrusted', 'invalid', 'recovered', 'ai', 'ai-unproven'] as const;
const overlayHint = object({
  src: string(MAX_INLINE),
  key: string(MAX_URL),
  trust,
  origin,
  aiDerived: literal(true, false, null),
  /** Whether a valid signature backs the origin; unproven AI signals get a dashed "AI?" badge. */
  originProven: boolean(),
  label: string(200),
  /**
   * What the badge shows and says, in the person's language: the background words it, so the page never
   * loads the extension's message catalogue (a blocking read of tens of milliseconds per page).
   */
  marks: array(object({ tone: literal(...MARK_TONES), glyph: string(16) }), 2),
  title: string(1000),
  ariaLabel: string(1000),
});
const overlayHints = object({
  type: literal('overlay-hints'),
  overlay: boolean(),
  hints: array(overlayHint, 2000),
});
export type OverlayHint = Infer<typeof overlayHint>;
export type OverlayHints = Infer<typeof overlayHints>;
export const isOverlayHints = guard(overlayHints);

const verdictShape = object({
  trust,
  origin,
  aiDerived: literal(true, false, null),
  sha256: string(128),
  mediaType: string(128),
  errorKind: optional(literal(...ERROR_KIND_VALUES)),
});
/** A verdict from our own verifier host: the headline fields are checked exactly, the rest is plain data. */
export function problemWithVerdict(value: unknown, path = 'verdict'): string | null {
  const problem = plainData(64).check(value, path);
  if (problem) return problem;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be an object`;
  const head = value as Record<string, unknown>;
  return verdictShape.check(
    {
      trust: head.trust,
      origin: head.origin,
      aiDerived: head.aiDerived,
      sha256: head.sha256,
      mediaType: head.mediaType,
      ...(head.errorKind !== undefined ? { errorKind: head.errorKind } : {}),
    },
    path,
  );
}

/** A verdict as a schema: the headline fields exactly, the rest plain data. */
const verdict: Schema<Verdict> = { check: (value, path = 'verdict') => problemWithVerdict(value, path) };

const mediaItem = object({
  key: string(MAX_INLINE),
  src: string(MAX_INLINE),
  kind: mediaKind,
  state: literal('checking', 'done'),
  verdict: optional(verdict),
  thumbnail: optional(string(MAX_INLINE)),
  name: optional(string(1024)),
  order: optional(string(512)),
}) as Schema<MediaItem>;

/** Plain data whose exact shape only its producer in this extension knows (settings, receipts, lists). */
const data = <T>(): Schema<T> => plainData(16) as Schema<T>;

const hostVerifyResult = object({ verdict, thumbnail: optional(string(MAX_INLINE)), mediaType: string(128) });

/** What each request answers, checked where the answer arrives as the request was where it was sent. */
const responses: { [K in keyof Responses]: Schema<Responses[K]> } = {
  'tab-media': array(mediaItem, 2000),
  'media-item': nullOr(mediaItem),
  'verify-file': mediaItem,
  'verify-url': mediaItem,
  'settings-get': data(),
  'settings-save': data(),
  'trust-status': data(),
  'trust-refresh': data(),
  'trust-import': data(),
  'open-detail': literal(null),
  'register-work': data(),
  'registry-pay': data(),
  'registry-account': data(),
  'registry-key-export': object({ address: string(64), privateKey: string(128) }),
  'page-media': object({ copiesNotNeeded: array(string(MAX_INLINE), 2000) }),
  'badge-click': literal(null),
  'page-media-soon': literal(null),
  'host-verify': hostVerifyResult,
  'host-verify-many': array(hostVerifyResult, MAX_HOST_BATCH),
  'host-ping': literal('ready'),
  'host-thumbnail': nullOr(string(MAX_INLINE)),
};

/** What is wrong with the answer to a request of `type`, or null when it fits. */
export function problemWithResponse(type: keyof Responses, value: unknown): string | null {
  return responses[type].check(value, `answer to ${type}`);
}

export const WATCH_PORT = 'watch-tab-media';
const watchTab = object({ type: literal('watch'), tabId: integer() });
const tabMediaChanged = object({
  type: literal('tab-media-changed'),
  tabId: integer(),
  items: array(mediaItem, 2000),
});
export type WatchTab = Infer<typeof watchTab>;
export type TabMediaChanged = Infer<typeof tabMediaChanged>;
export const isWatchTab = guard(watchTab);
export const isTabMediaChanged = guard(tabMediaChanged);

// ---- senders ----------------------------------------------------------------------------------------
/** The parts of runtime.MessageSender the checks read (same in Chrome and Firefox). */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}
export interface SelfInfo {
  id: string;
  /** The extension's own origin with a trailing slash, e.g. chrome-extension://abc/. */
  base: string;
}
export type SenderRole = 'extension-page' | 'content-script' | 'stranger';

/** scheme://host of a URL; URL.origin is "null" for extension schemes outside the browser. */
function originOf(url: string | undefined): string | undefined {
  try {
    const parsed = url ? new URL(url) : undefined;
    return parsed?.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who sent a message, decided by the sending document's origin (Chrome gives it; otherwise it is read
 * from the URL). Extension pages are documents at the extension's own origin; content scripts are this
 * extension's scripts inside a tab whose document is not ours. Anything else is a stranger.
 */
export function senderRole(sender: SenderInfo, self: SelfInfo): SenderRole {
  if (sender.id !== self.id) return 'stranger';
  const origin = originOf(sender.origin) ?? originOf(sender.url);
  if (origin === undefined) return 'stranger';
  if (origin === originOf(self.base)) return 'extension-page';
  if (sender.tab?.id !== undefined && sender.tab.id >= 0) return 'content-script';
  return 'stranger';
}

// Bytes cross JSON messaging (Chrome serializes messages as JSON) as base64.
export { base64ToBytes, bytesToBase64 } from '../../src/encoding/base64.ts';

/** How a media URL is shown and keyed in lists: data: URLs are shortened (with a checksum, so they stay distinct). */
export function displaySrc(src: string): string {
  if (!src.startsWith('data:') || src.length <= 96) return src;
  let hash = 0x811c9dc5;
  for (let i = 0; i < src.length; i++) {
    hash ^= src.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${src.slice(0, 48)}… (${Math.round(src.length / 1024)} kB, ${hash.toString(16).padStart(8, '0')})`;
}
