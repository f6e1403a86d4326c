// The one-line count printed after the table (and on stderr after JSON lines).
import { trustWords } from '../../report/html.ts';
import type { Trust, Verdict } from '../../verdict/types.ts';
import { type ErrorKind, LOST_INPUT } from './error-kinds.ts';

export function summaryLine(results: { verdict: Verdict; errorKind?: ErrorKind }[]): string {
  const counts = new Map<Trust, number>();
  for (const r of results) counts.set(r.verdict.trust, (counts.get(r.verdict.trust) ?? 0) + 1);
  const lost = results.filter((r) => r.errorKind && LOST_INPUT.has(r.errorKind)).length;
  const ai = results.filter((r) => r.verdict.aiDerived === true).length;
  const parts = [...counts].map(([trust, n]) => `${n} ${trustWords(trust).toLowerCase()}`);
  const notes = [...(lost ? [`${lost} could not be read at all`] : []), ...(ai ? [`${ai} AI-derived`] : [])];
  return `${results.length} input${results.length === 1 ? '' : 's'}: ${parts.join(' · ')}${notes.length ? `; ${notes.join('; ')}` : ''}\n`;
}
