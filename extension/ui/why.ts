// "Why", in two or three plain sentences a person reads first: who signed and when (in their own time
// zone), what the registry knows, and what that means. Codes, actions, IPTC terms and distances stay in
// "Technical details".
import type { RegistryMatch, Verdict } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import { dateTimeInZone, invalidKind, originLabel, uiLocale } from './words.ts';

/** A time in the reader's own time zone, zone named: "5 Dec 2026, 08:12 CET". */
export function formatLocalTime(
  iso: string | undefined,
  locale = uiLocale(),
  timeZone?: string,
): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : dateTimeInZone(date, locale, timeZone);
}

/** The registry match that speaks for this content: the exact one first, else the closest near one. */
export function mainMatch(verdict: Verdict): RegistryMatch | undefined {
  const matches = verdict.registry ?? [];
  return (
    matches.find((m) => m.match === 'exact') ??
    [...matches].filter((m) => m.match === 'near').sort((a, b) => (a.distance ?? 99) - (b.distance ?? 99))[0]
  );
}

/** The first model named in a record's lineage, for "its lineage runs through the AI model …". */
function modelIn(match: RegistryMatch): string | undefined {
  const stack = [...match.lineage];
  while (stack.length > 0) {
    const credit = stack.shift();
    if (!credit) break;
    if (credit.registryKind === 'model') return credit.title;
    stack.push(...credit.credits);
  }
  return undefined;
}

export function whySentences(verdict: Verdict, timeZone?: string): string[] {
  const lines: string[] = [];
  const signer = verdict.signer?.name;
  const signedAt = formatLocalTime(verdict.signer?.time, uiLocale(), timeZone);
  if (signer && signedAt) {
    lines.push(
      t(verdict.signer?.timeSource === 'tsa' ? 'why_signed_tsa' : 'why_signed_claim', [signer, signedAt]),
    );
  } else if (signer) lines.push(t('why_signed', signer));

  switch (verdict.trust) {
    case 'verified':
      if (verdict.origin !== 'unknown') lines.push(t('why_verified_origin', originLabel(verdict.origin)));
      break;
    case 'untrusted':
      lines.push(t('why_untrusted'));
      break;
    case 'invalid':
      lines.push(t(`why_invalid_${invalidKind(verdict)}`));
      break;
    case 'metadata-only':
      lines.push(
        verdict.origin === 'unknown'
          ? t('why_metadata')
          : t('why_metadata_origin', originLabel(verdict.origin)),
      );
      break;
    case 'registry-only':
    case 'recovered': {
      const match = mainMatch(verdict);
      if (!match) break;
      const who = match.record.creator || t('record_creator_none');
      const when = formatLocalTime(match.record.time, uiLocale(), timeZone) ?? '';
      lines.push(
        verdict.trust === 'recovered' ? t('why_recovered', [who, when]) : t('why_registered', [who, when]),
      );
      const model = modelIn(match);
      if (model) lines.push(t('why_registry_model', model));
      else if (verdict.trust === 'recovered')
        lines.push(
          match.record.manifestHash ? t('why_recovered_credential') : t('why_recovered_no_credential'),
        );
      break;
    }
    case 'none':
      lines.push(t('why_none'));
      break;
    case 'error':
      break;
  }
  return lines.slice(0, 3);
}
