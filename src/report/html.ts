// A self-contained HTML evidence report (no scripts, no external resources) a journalist can archive.

import { signerLabel } from '../verdict/build.ts';
import { originHeadline } from '../verdict/origin.ts';
import type { Credit, Trust, Verdict } from '../verdict/types.ts';
import {
  EVIDENCE_BLOCK_ID,
  type EvidenceCertificate,
  type EvidenceItem,
  type EvidenceRecord,
} from './evidence.ts';
import { identitiesHtml } from './identity.ts';

export interface ReportTrustList {
  id: string;
  name: string;
  certificates: number;
  version?: string;
  fetchedAt?: string;
  source: string;
  error?: string;
}

export interface ReportInput {
  items: { name: string; verdict: Verdict; thumbnail?: string; evidence?: EvidenceItem }[];
  trustLists: ReportTrustList[];
  checkedAt: string;
  /** Tool name and version shown in the footer. */
  generator?: string;
  /** How the check was made (command, lists with SHA-256, versions, chains): shown, and embedded as JSON. */
  record?: EvidenceRecord;
}

/** What each verdict means, and what it does not prove. */
const VERDICT_KEY: [Trust, string, string][] = [
  [
    'verified',
    'The credential is intact and its signer chains to a trust list in force.',
    'That what the credential says is true: it proves who signed it and that nothing changed since.',
  ],
  [
    'untrusted',
    'The credential is intact, but its signer is on no trust list in force.',
    'Who the signer is: anyone can make a certificate with any name.',
  ],
  [
    'invalid',
    'A credential is present but fails validation (altered, or its certificate was not valid); the codes say why.',
    'That the media is fake: an edit after signing, or an expired certificate, also makes a credential invalid.',
  ],
  [
    'none',
    'No Content Credentials and no provenance metadata were found.',
    'That the media is fake or AI-made: most genuine media carries no credential, and copies lose theirs.',
  ],
  [
    'metadata-only',
    'No credential, only unsigned IPTC/XMP statements.',
    'Anything: anyone can write or remove unsigned metadata.',
  ],
  [
    'registry-only',
    'No credential, but these exact bytes are registered on the provenance registry.',
    'That the registrant made it: a registration is a claim with a date.',
  ],
  [
    'recovered',
    'No credential, but the picture closely matches registered or credentialed media.',
    'That this copy is unchanged: it is similar, not identical (the distance says how close).',
  ],
  [
    'error',
    'The file could not be read or checked (missing, empty, malformed, wrong format, too large, timed out).',
    'Anything about the media: the message says what went wrong.',
  ],
];

const TRUST_WORDS: Record<Trust, string> = {
  verified: 'Verified',
  untrusted: 'Valid, signer not trusted',
  invalid: 'Invalid',
  recovered: 'Recovered by fingerprint',
  'metadata-only': 'Unsigned metadata only',
  'registry-only': 'Registered on chain only',
  none: 'No credentials',
  error: 'Unreadable',
};

export function trustWords(trust: Trust): string {
  return TRUST_WORDS[trust];
}

function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only inline images may appear: the report must never load anything. */
function safeImage(src: string | undefined, alt: string, className: string): string {
  if (!src || !/^data:image\/(png|jpeg|gif|webp|avif);base64,[A-Za-z0-9+/=]+$/.test(src)) {
    return `<div class="${className} noimg" role="img" aria-label="${esc(alt)}">no preview</div>`;
  }
  return `<img class="${className}" src="${src}" alt="${esc(alt)}">`;
}

function badge(trust: Trust): string {
  return `<span class="badge t-${trust}">${esc(TRUST_WORDS[trust])}</span>`;
}

function creditsList(credits: Credit[], thumbnails: Record<string, string> | undefined): string {
  if (credits.length === 0) return '';
  return `<ul class="credits">${credits
    .map(
      (c) => `<li>
        ${c.thumbnail && thumbnails?.[c.thumbnail] ? safeImage(thumbnails[c.thumbnail], c.title, 'mini') : ''}
        <strong>${esc(c.title)}</strong> <span class="muted">${esc(c.relationship)}${c.format ? ` · ${esc(c.format)}` : ''}${
          c.shareBps !== undefined ? ` · share ${(c.shareBps / 100).toFixed(2)}%` : ''
        }</span>
        ${badge(c.trust)} <span class="origin">${esc(originHeadline(c))}</span>
        ${c.signer ? `<div class="muted">signed by ${esc(c.signer)}</div>` : ''}
        ${c.codes.length ? `<div class="muted">${c.codes.map((k) => esc(k.code)).join(', ')}</div>` : ''}
        ${creditsList(c.credits, thumbnails)}
      </li>`,
    )
    .join('')}</ul>`;
}

/** "2025-08-06 21:10:53 UTC · 23:10:53 CEST in Europe/Berlin": the reader sees both without running a script. */
function when(iso: string | undefined, zone: EvidenceRecord['timeZone'] | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return esc(iso);
  const utc = `${date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
  if (!zone || zone.name === 'UTC' || zone.name === 'Etc/UTC')
    return `<time datetime="${esc(date.toISOString())}">${esc(utc)}</time>`;
  let local: string;
  try {
    local = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone.name,
      dateStyle: 'medium',
      timeStyle: 'long',
    }).format(date);
  } catch {
    local = '';
  }
  return `<time datetime="${esc(date.toISOString())}">${esc(utc)}</time>${local ? ` <span class="muted">· ${esc(local)} (${esc(zone.name)})</span>` : ''}`;
}

function chainTable(
  title: string,
  chain: EvidenceCertificate[] | undefined,
  zone: EvidenceRecord['timeZone'] | undefined,
): string {
  if (!chain?.length) return '';
  return `<h4>${esc(title)}</h4><table class="chain"><tr><th>#</th><th>Certificate</th><th>Valid</th><th>SHA-256 fingerprint</th></tr>${chain
    .map(
      (c, i) =>
        `<tr><td>${i + 1}</td><td><div>${esc(c.subject)}</div><div class="muted">issued by ${esc(c.issuer)}</div><div class="muted">serial <code>${esc(c.serialNumber)}</code></div></td><td>${when(c.notBefore, zone)}<br>to ${when(c.notAfter, zone)}</td><td><code class="fp">${esc(c.sha256)}</code></td></tr>`,
    )
    .join('')}</table>`;
}

function item(
  { name, verdict, thumbnail, evidence }: ReportInput['items'][number],
  index: number,
  zone?: EvidenceRecord['timeZone'],
): string {
  const v = verdict;
  const signer = v.signer;
  const failures = v.codes.filter((c) => c.severity !== 'informational');
  const infos = v.codes.filter((c) => c.severity === 'informational');
  return `<section class="item" id="item-${index}">
  <div class="head">
    ${safeImage(thumbnail, name, 'thumb')}
    <div>
      <h2>${esc(name)}</h2>
      <p>${badge(v.trust)} <span class="origin">${esc(originHeadline(v))}</span>${
        v.aiDerived === true ? ' <span class="badge ai">AI-derived</span>' : ''
      }${v.originProven === false && v.origin !== 'unknown' ? ' <span class="muted">(unproven)</span>' : ''}</p>
      ${v.message ? `<p class="error">${esc(v.message)}</p>` : ''}
    </div>
  </div>
  <table class="facts">
    ${evidence ? `<tr><th>File</th><td><code>${esc(evidence.file)}</code></td></tr>` : ''}
    ${evidence?.errorKind ? `<tr><th>Error kind</th><td><code>${esc(evidence.errorKind)}</code></td></tr>` : ''}
    <tr><th>SHA-256</th><td><code>${esc(v.sha256)}</code></td></tr>
    <tr><th>Media type</th><td>${esc(v.mediaType)}${v.size !== undefined ? ` · ${v.size.toLocaleString('en')} bytes` : ''}</td></tr>
    ${v.title ? `<tr><th>Title</th><td>${esc(v.title)}</td></tr>` : ''}
    ${v.claimGenerator ? `<tr><th>Made with</th><td>${esc(v.claimGenerator)}</td></tr>` : ''}
    ${v.checkedAt ? `<tr><th>Validated as of</th><td>${when(v.checkedAt, zone)}</td></tr>` : ''}
    ${evidence?.frame ? `<tr><th>Frame</th><td>${esc(evidence.frame)}</td></tr>` : ''}
  </table>
  <h3>Why</h3>
  <ul>${v.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>
  ${
    signer
      ? `<h3>Signer</h3>
  <table class="facts">
    <tr><th>Signer</th><td>${esc(signerLabel(signer))}</td></tr>
    <tr><th>Issuer</th><td>${esc(signer.issuer)}</td></tr>
    <tr><th>Trust list</th><td>${esc(signer.trustList ?? 'on none of the lists in force')}</td></tr>
    ${signer.time ? `<tr><th>Signed at</th><td>${when(signer.time, zone)} (${signer.timeSource === 'tsa' ? 'time-stamp authority' : 'signer’s own claim'})</td></tr>` : ''}
    ${signer.algorithm ? `<tr><th>Algorithm</th><td>${esc(signer.algorithm)}</td></tr>` : ''}
    ${signer.serialNumber ? `<tr><th>Serial</th><td><code>${esc(signer.serialNumber)}</code></td></tr>` : ''}
  </table>
  ${
    evidence
      ? `${chainTable('Signer’s certificate chain (as carried in the credential)', evidence.signerChain, zone)}${chainTable('Time-stamp authority’s certificates (from the time-stamp token)', evidence.tsaChain, zone)}${evidence.chainNote ? `<p class="muted">${esc(evidence.chainNote)}</p>` : ''}`
      : signer.chain?.length
        ? `<table class="chain"><tr><th>Certificate</th><th>Issued by</th><th>Valid from</th><th>Valid to</th></tr>${signer.chain
            .map(
              (c) =>
                `<tr><td>${esc(c.subject)}</td><td>${esc(c.issuer)}</td><td>${esc(c.notBefore ?? '')}</td><td>${esc(c.notAfter ?? '')}</td></tr>`,
            )
            .join('')}</table>`
        : ''
  }`
      : ''
  }
  ${identitiesHtml(v.identities ?? [], esc)}
  ${
    v.digitalSourceTypes.length
      ? `<h3>Source types stated</h3><ul>${v.digitalSourceTypes.map((d) => `<li><code>${esc(d.uri)}</code> — ${esc(d.from)}</li>`).join('')}</ul>`
      : ''
  }
  ${
    failures.length || infos.length
      ? `<h3>C2PA status codes</h3><table class="codes"><tr><th>Code</th><th>Meaning</th><th>Where</th></tr>${[
          ...failures,
          ...infos,
        ]
          .map(
            (c) =>
              `<tr><td><code>${esc(c.code)}</code>${c.severity === 'informational' ? ' <span class="muted">(info)</span>' : ''}</td><td>${esc(c.explanation ?? '')}</td><td class="muted">${esc(c.scope === 'ingredient' ? 'ingredient' : 'active manifest')}</td></tr>`,
          )
          .join('')}</table>`
      : ''
  }
  ${v.credits.length ? `<h3>Credits</h3>${creditsList(v.credits, v.thumbnails)}` : ''}
  ${
    v.registry?.length
      ? `<h3>Registry</h3><ul>${v.registry
          .map(
            (m) =>
              `<li>${esc(m.match === 'exact' ? 'Exact match' : `Near match, distance ${m.distance} of ≤ ${m.threshold} (${m.algorithm})`)}: record ${esc(m.record.id)} (${esc(m.record.kind)}) by ${esc(m.record.creator || m.record.registrant)} on ${esc(m.record.time)}, chain ${m.chainId}${m.record.revoked ? ' — revoked' : ''}${m.record.disputes.length ? ` — ${m.record.disputes.length} dispute(s)` : ''}</li>`,
          )
          .join('')}</ul>`
      : ''
  }
  ${v.registryError ? `<p class="muted">${esc(v.registryError)}</p>` : ''}
</section>`;
}

/** JSON that cannot end the data block early ("</script>") or be read as markup. */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value, null, 1)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const ROLE_WORDS: Record<string, string> = {
  anchors: 'trust anchors',
  allowed: 'allowed list',
  'trust-config': 'trust configuration',
};

function trustListsSection(input: ReportInput): string {
  const record = input.record;
  if (record) {
    if (record.trustLists.length === 0)
      return '<section><h3>Trust lists in force</h3><p><strong>None.</strong> No signer could be verified; credentials are reported as valid but untrusted at best.</p></section>';
    return `<section><h3>Trust lists in force</h3><table class="lists"><tr><th>List</th><th>Path or URL</th><th>Version</th><th>Date</th><th>SHA-256</th></tr>${record.trustLists
      .map(
        (l) =>
          `<tr><td><strong>${esc(l.name)}</strong><div class="muted">${esc(ROLE_WORDS[l.role] ?? l.role)}${l.certificates !== undefined ? ` · ${l.certificates} certificates` : ''} · ${esc(l.source)}</div></td><td><code>${esc(l.location)}</code></td><td>${esc(l.version ?? '—')}</td><td>${l.date ? when(l.date, record.timeZone) : '—'}</td><td><code class="fp">${esc(l.sha256)}</code></td></tr>`,
      )
      .join('')}</table></section>`;
  }
  return `<section>
  <h3>Trust lists in force</h3>
  ${
    input.trustLists.length
      ? `<table><tr><th>List</th><th>Certificates</th><th>Version</th><th>Fetched</th><th>Source</th></tr>${input.trustLists
          .map(
            (l) =>
              `<tr><td>${esc(l.name)}</td><td>${l.certificates}</td><td>${esc(l.version ?? '—')}</td><td>${esc(l.fetchedAt ?? '—')}</td><td>${esc(l.source)}${l.error ? ` <span class="muted">(${esc(l.error)})</span>` : ''}</td></tr>`,
          )
          .join('')}</table>`
      : '<p><strong>None.</strong> No signer could be verified; credentials are reported as valid but untrusted at best.</p>'
  }
</section>`;
}

function howSection(record: EvidenceRecord): string {
  const o = record.options;
  const rows: [string, string][] = [
    [
      'Command',
      `<code>${esc(record.command.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' '))}</code>`,
    ],
    [
      'Validated as of',
      `${when(record.checkedAt, record.timeZone)}${o.at ? ' (fixed with --at)' : ' (the time of the run)'}`,
    ],
    ['Report made', when(record.generatedAt, record.timeZone)],
    ['provlens', esc(record.versions.provlens)],
    ['C2PA engine', esc(record.versions.engine)],
    ['Node.js', esc(record.versions.node)],
    [
      'Options',
      esc(
        [
          `--at ${o.at ?? '(none)'}`,
          o.trustLists ? '' : '--no-trust-lists',
          o.remote ? '--remote (remote manifests fetched)' : 'remote manifests not fetched',
          `--timeout ${o.timeoutSeconds} s`,
          `--max-size ${o.maxSizeMb} MB`,
          o.fragment ? `--fragment ${o.fragment}` : '',
          o.registry ? `--registry ${o.registry}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ],
    [
      'Times',
      `Shown in UTC and in ${esc(record.timeZone.name)} (${esc(record.timeZone.offset)}), the time zone of the machine that made this report. The report runs no script, so it cannot show the reader’s own zone.`,
    ],
  ];
  return `<section class="how"><h3>How this check was made</h3><table class="facts">${rows
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`)
    .join('')}</table>
  <p class="muted">To repeat it on the same files: <code>provlens recheck THIS-REPORT.html FILE…</code> re-runs the check with the same lists (by SHA-256) and the same validation time, and says file by file whether anything differs.</p></section>`;
}

function keySection(): string {
  return `<section class="key"><h3>What the verdicts mean</h3><table><tr><th>Verdict</th><th>Means</th><th>Does not prove</th></tr>${VERDICT_KEY.map(
    ([trust, means, not]) => `<tr><td>${badge(trust)}</td><td>${esc(means)}</td><td>${esc(not)}</td></tr>`,
  ).join('')}</table>
  <p class="muted">“No credentials” is not evidence of a fake. An origin marked “(unproven)” comes from a credential that failed validation.</p></section>`;
}

export function renderEvidenceReport(input: ReportInput): string {
  const counts = new Map<Trust, number>();
  for (const { verdict } of input.items) counts.set(verdict.trust, (counts.get(verdict.trust) ?? 0) + 1);
  const summary = [...counts].map(([t, n]) => `${n} ${TRUST_WORDS[t].toLowerCase()}`).join(' · ');
  const zone = input.record?.timeZone;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Provenance Lens evidence report — ${esc(input.checkedAt)}</title>
<style>
  :root { color-scheme: light dark; --fg:#1d2330; --muted:#5b6475; --bg:#fff; --card:#f6f7f9; --line:#dde1e8; }
  @media (prefers-color-scheme: dark) { :root { --fg:#e8ebf1; --muted:#a3abbb; --bg:#14171d; --card:#1c2028; --line:#2c323d; } }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1000px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0 0 6px; word-break: break-all; } h3 { font-size: 15px; margin: 18px 0 6px; } h4 { font-size: 14px; margin: 14px 0 4px; }
  .muted { color: var(--muted); } code { font-size: 12.5px; word-break: break-all; } code.fp { font-size: 11.5px; }
  .item { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 18px 0; }
  .head { display: flex; gap: 16px; align-items: flex-start; }
  .thumb { width: 120px; height: 120px; object-fit: contain; border-radius: 6px; background: var(--bg); border: 1px solid var(--line); flex: none; }
  .mini { width: 40px; height: 40px; object-fit: contain; vertical-align: middle; border-radius: 4px; margin-right: 6px; }
  .noimg { display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 12px; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  table.facts th { width: 140px; color: var(--muted); font-weight: 500; }
  table.chain td:nth-child(4), table.lists td:nth-child(5) { width: 34%; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12.5px; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
  .t-verified { background: #dcf5e3; color: #11602b; } .t-untrusted { background: #fff1d1; color: #7a4b00; }
  .t-invalid { background: #fde0e0; color: #8f1b1b; } .t-error { background: #eceff3; color: #3c4454; }
  .t-none { background: #eceff3; color: #3c4454; } .t-metadata-only { background: #e6ecfb; color: #28448f; }
  .t-registry-only, .t-recovered { background: #e3f1f7; color: #0c5569; } .ai { background: #efe4fb; color: #5b2396; }
  .origin { font-weight: 600; margin-left: 6px; } .error { color: #b42318; }
  ul.credits { list-style: none; padding-left: 18px; border-left: 2px solid var(--line); } ul.credits li { margin: 8px 0; }
  footer { color: var(--muted); font-size: 13px; margin-top: 24px; }
  @media print {
    :root { color-scheme: light; --fg:#000; --muted:#444; --bg:#fff; --card:#fff; --line:#bbb; }
    @page { size: A4; margin: 14mm 12mm; }
    body { max-width: none; padding: 0; font-size: 10.5pt; }
    .item { border-radius: 0; break-inside: auto; page-break-before: auto; }
    .head, table tr, .badge, h2, h3, h4 { break-inside: avoid; }
    h2, h3, h4 { break-after: avoid; }
    .badge { border-color: currentColor; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    code { font-size: 8.5pt; } code.fp { font-size: 8pt; }
    .thumb { width: 90px; height: 90px; }
  }
</style></head>
<body>
<header>
  <h1>Content provenance evidence report</h1>
  <p class="muted">Validated as of ${zone ? when(input.checkedAt, zone) : esc(input.checkedAt)} · ${input.items.length} file(s) · ${esc(summary)}</p>
</header>
${input.record ? howSection(input.record) : ''}
${trustListsSection(input)}
${keySection()}
${input.items.map((entry, index) => item(entry, index, zone)).join('\n')}
<footer>Generated by ${esc(input.generator ?? 'Provenance Lens')}. Hashes identify the exact bytes checked; keep the files with this report.</footer>
${input.record ? `<script type="application/json" id="${EVIDENCE_BLOCK_ID}">${jsonForScriptBlock(input.record)}</script>` : ''}
</body></html>
`;
}
