// The official trust lists, as a table: who publishes them and where, and when a person must be told that
// those in force are missing or old. No certificate code: views that only warn (the popup) load just this.
export type OfficialListId = 'c2pa-conformance' | 'c2pa-tsa' | 'interim' | 'interim-allowed' | 'interim-eku';
export type ListRole = 'anchors' | 'allowed' | 'eku';

export interface OfficialList {
  id: OfficialListId;
  name: string;
  url: string;
  role: ListRole;
  /** Its file in the bundled snapshot (`public/trust/`), laid out as its publisher's repository. */
  snapshotFile: string;
}

/** Publishers: the C2PA conformance program, and the interim list contentcredentials.org/verify uses. */
export const OFFICIAL_LISTS: readonly OfficialList[] = [
  {
    id: 'c2pa-conformance',
    name: 'C2PA trust list',
    url: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TRUST-LIST.pem',
    role: 'anchors',
    snapshotFile: 'c2pa-conformance/C2PA-TRUST-LIST.pem',
  },
  {
    id: 'c2pa-tsa',
    name: 'C2PA time-stamping trust list',
    url: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TSA-TRUST-LIST.pem',
    role: 'anchors',
    snapshotFile: 'c2pa-conformance/C2PA-TSA-TRUST-LIST.pem',
  },
  {
    id: 'interim',
    name: 'Content Credentials interim trust list',
    url: 'https://contentcredentials.org/trust/anchors.pem',
    role: 'anchors',
    snapshotFile: 'interim-verify-site/anchors.pem',
  },
  {
    id: 'interim-allowed',
    name: 'Content Credentials allowed signers',
    url: 'https://contentcredentials.org/trust/allowed.sha256.txt',
    role: 'allowed',
    snapshotFile: 'interim-verify-site/allowed.sha256.txt',
  },
  {
    id: 'interim-eku',
    name: 'Content Credentials signing purposes',
    url: 'https://contentcredentials.org/trust/store.cfg',
    role: 'eku',
    snapshotFile: 'interim-verify-site/store.cfg',
  },
];

/** Lists older than this make the extension say so: the publishers update them every few weeks. */
export const STALE_AFTER_DAYS = 60;

export type TrustWarning =
  | { kind: 'none' }
  /** `oldest`: the date of the oldest official list in force. */
  | { kind: 'stale'; oldest: string; days: number };

/** What a person must be told about the lists in force: none official at all, or too old. */
export function trustWarning(
  lists: readonly { id: string; certificates: number; fetchedAt?: string | undefined }[],
  now: Date = new Date(),
): TrustWarning | undefined {
  const official = new Set<string>(OFFICIAL_LISTS.filter((l) => l.role === 'anchors').map((l) => l.id));
  const inForce = lists.filter((list) => official.has(list.id) && list.certificates > 0);
  if (inForce.length === 0) return { kind: 'none' };
  const oldest = inForce
    .map((list) => list.fetchedAt ?? '')
    .sort()
    .at(0);
  const days = Math.floor((now.getTime() - Date.parse(oldest || '1970-01-01')) / (24 * 3600 * 1000));
  return days > STALE_AFTER_DAYS ? { kind: 'stale', oldest: (oldest || '').slice(0, 10), days } : undefined;
}
