// Who signed, which trust list they chained to, when (and who vouches for the time), and the chain itself.

import type { CertificateSummary, Verdict } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import { Section } from './section.tsx';
import { formatLocalTime } from './why.ts';
import { formatTime } from './words.ts';

function Certificate({ cert, position }: { cert: CertificateSummary; position: string }) {
  const from = formatTime(cert.notBefore);
  const until = formatTime(cert.notAfter);
  return (
    <li class="cert">
      <span class="cert-role">{position}</span>
      <span class="cert-subject">{cert.subject}</span>
      <span class="muted">{t('cert_issued_by', cert.issuer)}</span>
      {from && until ? <span class="muted">{t('cert_valid', [from, until])}</span> : null}
    </li>
  );
}

export function SignerSection({ verdict }: { verdict: Verdict }) {
  const signer = verdict.signer;
  if (!signer) return null;
  const time = formatLocalTime(signer.time);
  const chain = signer.chain ?? [];
  return (
    <Section title={t('signer_heading')} testid="detail-signer">
      <dl class="facts">
        <dt>{t('signer_name')}</dt>
        <dd>{signer.name}</dd>
        <dt>{t('signer_issuer')}</dt>
        <dd>{signer.issuer}</dd>
        <dt>{t('signer_trust_list')}</dt>
        <dd data-testid="signer-trust-list">
          {signer.trustList ? t('signer_chained_to', signer.trustList) : t('signer_no_list')}
        </dd>
        {time ? (
          <>
            <dt>{t('signer_time')}</dt>
            <dd data-testid="signer-time">
              {time}
              <span class="muted block">
                {signer.timeSource === 'tsa' ? t('time_source_tsa') : t('time_source_claim')}
              </span>
            </dd>
          </>
        ) : null}
        {verdict.claimGenerator ? (
          <>
            <dt>{t('signer_app')}</dt>
            <dd>{verdict.claimGenerator}</dd>
          </>
        ) : null}
      </dl>
      {chain.length > 0 ? (
        <details class="chain" open={verdict.trust !== 'verified'}>
          <summary>{t('chain_heading', String(chain.length))}</summary>
          <ol class="certs">
            {chain.map((cert, index) => (
              <Certificate
                key={`${cert.subject}-${index}`}
                cert={cert}
                position={
                  index === 0
                    ? t('chain_end_entity')
                    : index === chain.length - 1
                      ? t('chain_root')
                      : t('chain_intermediate')
                }
              />
            ))}
          </ol>
        </details>
      ) : null}
    </Section>
  );
}
