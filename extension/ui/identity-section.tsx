// Who signed as named actor (CAWG identity): the person or organisation, the accounts an identity
// aggregator verified, what the identity signed and whether its signer is trusted. A failing identity
// is shown as failing and never by the name it claims.
import { shortIssuer } from '../../src/verdict/identity.ts';
import type { Identity, Verdict } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import { Section } from './section.tsx';

/** The short line a media row shows: "by NAME" (unverified unless its signer is trusted), or that it fails. */
export function identityLine(verdict: Verdict | undefined): string | undefined {
  const identities = verdict?.identities ?? [];
  const named =
    identities.find((identity) => identity.status === 'valid' && identity.name && identity.signerTrusted) ??
    identities.find((identity) => identity.status === 'valid' && identity.name);
  if (named?.name)
    return t(named.signerTrusted ? 'row_by_identity' : 'row_by_identity_unverified', named.name);
  return identities.some((identity) => identity.status === 'invalid') ? t('row_identity_failing') : undefined;
}

function signerTrust(identity: Identity): string {
  if (identity.signerTrusted)
    return identity.trustList
      ? t('identity_signer_trusted_list', identity.trustList)
      : t('identity_signer_trusted');
  return identity.kind === 'aggregator' ? t('identity_aggregator_untrusted') : t('identity_signer_untrusted');
}

function IdentityItem({ identity }: { identity: Identity }) {
  const kind = identity.kind === 'aggregator' ? t('identity_kind_aggregator') : t('identity_kind_x509');
  return (
    <li class="identity" data-testid="identity" data-status={identity.status}>
      {identity.status === 'valid' ? (
        <>
          <p>
            <strong data-testid="identity-name">{identity.name ?? t('identity_unnamed')}</strong>{' '}
            <span class="muted">{kind}</span>
          </p>
          <p
            class={`identity-state ${identity.signerTrusted ? 'trusted' : 'unverified'}`}
            data-testid="identity-state"
          >
            {identity.signerTrusted ? t('identity_state_trusted') : t('identity_state_unverified')}
          </p>
        </>
      ) : (
        <p class="identity-failing" data-testid="identity-failing">
          <strong>{t('identity_failing')}</strong> <span class="muted">{identity.codes.join(', ')}</span>
        </p>
      )}
      <dl class="facts">
        {identity.accounts.length > 0 ? (
          <>
            <dt>{t('identity_accounts')}</dt>
            <dd>
              <ul class="plain">
                {identity.accounts.map((account) => (
                  <li key={`${account.provider}-${account.username ?? account.uri ?? account.name}`}>
                    {t('identity_account', [
                      account.username ?? account.name ?? account.uri ?? account.kind,
                      account.provider,
                    ])}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {identity.issuer ? (
          <>
            <dt>{t('identity_issuer')}</dt>
            <dd data-testid="identity-issuer" title={identity.issuer}>
              <code>{shortIssuer(identity.issuer)}</code>
            </dd>
          </>
        ) : null}
        {identity.roles.length > 0 ? (
          <>
            <dt>{t('identity_roles')}</dt>
            <dd>{identity.roles.join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('identity_covers')}</dt>
        <dd data-testid="identity-covers">{identity.covers.join(', ') || '—'}</dd>
        {identity.status === 'valid' ? (
          <>
            <dt>{t('identity_signer_trust')}</dt>
            <dd data-testid="identity-trust">{signerTrust(identity)}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

export function IdentitySection({ verdict }: { verdict: Verdict }) {
  const identities = verdict.identities ?? [];
  if (identities.length === 0) return null;
  return (
    <Section title={t('identity_heading')} testid="detail-identity">
      <ul class="plain identities">
        {identities.map((identity) => (
          <IdentityItem key={identity.label} identity={identity} />
        ))}
      </ul>
    </Section>
  );
}
