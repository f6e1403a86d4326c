// A self-contained HTML evidence report (no scripts, no external resources) a journalist can archive.

import { originHeadline } from '../verdict/origin.ts';
import type { Credit, Trust, Verdict } from '../verdict/types.ts';
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
  items: { name: string; verdict: Verdict; thumbnail?: string }[];
  trustLists: ReportTrustList[];
  checkedAt: string;
  /** Tool name and version shown in the footer. */
  generator?: string;
}

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

function item({ name, verdict, thumbnail }: ReportInput['items'][number], index: number): string {
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
    <tr><th>SHA-256</th><td><code>${esc(v.sha256)}</code></td></tr>
    <tr><th>Media type</th><td>${esc(v.mediaType)}${v.size !== undefined ? ` · ${v.size.toLocaleString('en')} bytes` : ''}</td></tr>
    ${v.title ? `<tr><th>Title</th><td>${esc(v.title)}</td></tr>` : ''}
    ${v.claimGenerator ? `<tr><th>Made with</th><td>${esc(v.claimGenerator)}</td></tr>` : ''}
    ${v.checkedAt ? `<tr><th>Validated as of</th><td>${esc(v.checkedAt)}</td></tr>` : ''}
  </table>
  <h3>Why</h3>
  <ul>${v.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>
  ${
    signer
      ? `<h3>Signer</h3>
  <table class="facts">
    <tr><th>Signer</th><td>${esc(signer.name)}</td></tr>
    <tr><th>Issuer</th><td>${esc(signer.issuer)}</td></tr>
    <tr><th>Trust list</th><td>${esc(signer.trustList ?? 'none in force')}</td></tr>
    ${signer.time ? `<tr><th>Signed at</th><td>${esc(signer.time)} (${signer.timeSource === 'tsa' ? 'time-stamp authority' : 'signer’s own claim'})</td></tr>` : ''}
    ${signer.algorithm ? `<tr><th>Algorithm</th><td>${esc(signer.algorithm)}</td></tr>` : ''}
    ${signer.serialNumber ? `<tr><th>Serial</th><td><code>${esc(signer.serialNumber)}</code></td></tr>` : ''}
  </table>
  ${
    signer.chain?.length
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

export function renderEvidenceReport(input: ReportInput): string {
  const counts = new Map<Trust, number>();
  for (const { verdict } of input.items) counts.set(verdict.trust, (counts.get(verdict.trust) ?? 0) + 1);
  const summary = [...counts].map(([t, n]) => `${n} ${TRUST_WORDS[t].toLowerCase()}`).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Provenance Lens evidence report — ${esc(input.checkedAt)}</title>
<style>
  :root { color-scheme: light dark; --fg:#1d2330; --muted:#5b6475; --bg:#fff; --card:#f6f7f9; --line:#dde1e8; }
  @media (prefers-color-scheme: dark) { :root { --fg:#e8ebf1; --muted:#a3abbb; --bg:#14171d; --card:#1c2028; --line:#2c323d; } }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 960px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0 0 6px; word-break: break-all; } h3 { font-size: 15px; margin: 18px 0 6px; }
  .muted { color: var(--muted); } code { font-size: 12.5px; word-break: break-all; }
  .item { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 18px 0; }
  .head { display: flex; gap: 16px; align-items: flex-start; }
  .thumb { width: 120px; height: 120px; object-fit: contain; border-radius: 6px; background: var(--bg); border: 1px solid var(--line); flex: none; }
  .mini { width: 40px; height: 40px; object-fit: contain; vertical-align: middle; border-radius: 4px; margin-right: 6px; }
  .noimg { display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 12px; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  table.facts th { width: 140px; color: var(--muted); font-weight: 500; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12.5px; font-weight: 600; border: 1px solid transparent; }
  .t-verified { background: #dcf5e3; color: #11602b; } .t-untrusted { background: #fff1d1; color: #7a4b00; }
  .t-invalid { background: #fde0e0; color: #8f1b1b; } .t-error { background: #eceff3; color: #3c4454; }
  .t-none { background: #eceff3; color: #3c4454; } .t-metadata-only { background: #e6ecfb; color: #28448f; }
  .t-registry-only, .t-recovered { background: #e3f1f7; color: #0c5569; } .ai { background: #efe4fb; color: #5b2396; }
  .origin { font-weight: 600; margin-left: 6px; } .error { color: #b42318; }
  ul.credits { list-style: none; padding-left: 18px; border-left: 2px solid var(--line); } ul.credits li { margin: 8px 0; }
  footer { color: var(--muted); font-size: 13px; margin-top: 24px; }
</style></head>
<body>
<header>
  <h1>Content provenance evidence report</h1>
  <p class="muted">Checked ${esc(input.checkedAt)} · ${input.items.length} file(s) · ${esc(summary)}</p>
</header>
<section>
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
</section>
${input.items.map(item).join('\n')}
<footer>Generated by ${esc(input.generator ?? 'Provenance Lens')}. Hashes identify the exact bytes checked; keep the files with this report.</footer>
</body></html>
`;
}
