// A plain banner over the popup and the side panel when no official trust list is in force or the lists
// are old: then "Unknown signer" may only mean the lists are missing, and the person should know.
import { useEffect, useState } from 'preact/hooks';
import { type TrustWarning, trustWarning } from '../../src/verify/official-lists.ts';
import { getTrustStatus, t } from '../platform/client.ts';

export function TrustBanner({ now }: { now?: Date } = {}) {
  const [warning, setWarning] = useState<TrustWarning | undefined>(undefined);
  useEffect(() => {
    // Unanswered (background busy or gone): say nothing rather than guess.
    Promise.resolve()
      .then(getTrustStatus)
      .then((lists) => setWarning(trustWarning(lists, now)))
      .catch(() => undefined);
  }, []);
  if (!warning) return null;
  return (
    <p class="notice warn" role="status" data-testid="trust-banner" data-kind={warning.kind}>
      {warning.kind === 'none'
        ? t('trust_banner_none')
        : t('trust_banner_stale', [warning.oldest, String(warning.days)])}
    </p>
  );
}
