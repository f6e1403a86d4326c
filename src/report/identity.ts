// The evidence report's "Who made it" part: each CAWG identity with its named actor, verified accounts,
// what it signed and its signer's trust. A failing identity is reported as failing, without a name.
import type { Identity } from '../verdict/types.ts';

function signerTrust(identity: Identity, esc: (value: unknown) => string): string {
  if (identity.signerTrusted) return `chains to ${esc(identity.trustList ?? 'a trust list in force')}`;
  return identity.kind === 'aggregator'
    ? 'on no list of trusted aggregators in force: what it verified rests on its word alone'
    : 'on no trust list in force';
}

export function identitiesHtml(identities: Identity[], esc: (value: unknown) => string): string {
  if (identities.length === 0) return '';
  const rows = identities.map((identity) => {
    const who =
      identity.status === 'valid'
        ? `<strong>${esc(identity.name ?? 'Unnamed actor')}</strong> <span class="muted">(${identity.kind === 'aggregator' ? 'verified by an identity aggregator' : 'X.509 certificate'})</span>`
        : `<strong class="error">Fails validation: names no one</strong> <span class="muted">${esc(identity.codes.join(', '))}</span>`;
    const accounts = identity.accounts.length
      ? `<tr><th>Verified accounts</th><td><ul>${identity.accounts
          .map(
            (a) =>
              `<li>${esc(a.username ?? a.name ?? a.uri ?? a.kind)} on ${esc(a.provider)}${a.uri ? ` — <code>${esc(a.uri)}</code>` : ''}</li>`,
          )
          .join('')}</ul></td></tr>`
      : '';
    return `<table class="facts identity" data-status="${identity.status}">
    <tr><th>Named actor</th><td>${who}</td></tr>
    ${accounts}
    ${identity.issuer ? `<tr><th>Confirmed by</th><td><code>${esc(identity.issuer)}</code></td></tr>` : ''}
    ${identity.roles.length ? `<tr><th>Roles</th><td>${esc(identity.roles.join(', '))}</td></tr>` : ''}
    <tr><th>What it signed</th><td>${identity.covers.map((c) => `<code>${esc(c)}</code>`).join(', ') || '—'}</td></tr>
    ${identity.status === 'valid' ? `<tr><th>${identity.kind === 'aggregator' ? 'Aggregator' : 'Identity signer'}</th><td>${signerTrust(identity, esc)}</td></tr>` : ''}
  </table>`;
  });
  return `<h3>Who made it (CAWG identity)</h3>\n  ${rows.join('\n  ')}`;
}
