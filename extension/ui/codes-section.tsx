// C2PA validation status codes in plain language: problems first, passed checks folded away.

import { C2PA_STATUS_CODES, codeMessageName, type StatusKind, statusKind } from '../../src/verdict/codes.ts';
import type { StatusCode } from '../../src/verdict/types.ts';
import { t } from '../platform/client.ts';
import { Section } from './section.tsx';

/** The plain-language explanation of a code; the validator's own text for codes outside the spec table. */
export function explainCode(status: StatusCode): string {
  if (C2PA_STATUS_CODES[status.code]) return t(codeMessageName(status.code));
  return status.explanation ?? t('code_unknown');
}

/** The validator's own severity wins; the spec table decides when it gives none. */
function kindOf(status: StatusCode): StatusKind {
  return status.severity ?? statusKind(status.code);
}

function CodeItem({ status }: { status: StatusCode }) {
  const kind = kindOf(status);
  const known = C2PA_STATUS_CODES[status.code] !== undefined;
  return (
    <li class={`code-item code-${kind}`} data-testid="code-item" data-code={status.code}>
      <span class="code-kind" aria-hidden="true">
        {kind === 'success' ? '✓' : kind === 'informational' ? 'i' : '✕'}
      </span>
      <span class="code-text">
        <span class="code-plain">
          {status.scope === 'ingredient' ? (
            <span class="code-scope">{t('code_scope_ingredient')} </span>
          ) : null}
          {explainCode(status)}
        </span>
        <code class="code-name">{status.code}</code>
        {known && status.explanation ? <span class="code-detail">{status.explanation}</span> : null}
      </span>
    </li>
  );
}

function CodeList({ codes }: { codes: readonly StatusCode[] }) {
  return (
    <ul class="codes">
      {codes.map((code, index) => (
        <CodeItem key={`${code.code}-${index}`} status={code} />
      ))}
    </ul>
  );
}

export function CodesSection({ codes }: { codes: readonly StatusCode[] }) {
  const byKind = (kind: StatusKind) => codes.filter((code) => kindOf(code) === kind);
  const problems = byKind('failure');
  const notes = byKind('informational');
  const passed = byKind('success');
  return (
    <Section title={t('codes_heading')} testid="detail-codes">
      {codes.length === 0 ? <p class="muted">{t('codes_none')}</p> : null}
      {problems.length > 0 ? (
        <>
          <h4>{t('codes_problems', String(problems.length))}</h4>
          <CodeList codes={problems} />
        </>
      ) : null}
      {notes.length > 0 ? (
        <>
          <h4>{t('codes_notes', String(notes.length))}</h4>
          <CodeList codes={notes} />
        </>
      ) : null}
      {passed.length > 0 ? (
        <details class="codes-passed">
          <summary>{t('codes_passed', String(passed.length))}</summary>
          <CodeList codes={passed} />
        </details>
      ) : null}
    </Section>
  );
}
