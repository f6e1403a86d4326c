// The verdict table for a terminal: columns fit its width, WHY wraps instead of being cut.

import { signerLabel } from '../../verdict/build.ts';
import { identityEvidence } from '../../verdict/identity.ts';
import type { Verdict } from '../../verdict/types.ts';

interface Column {
  title: string;
  width: number;
}

export interface TableLayout {
  width: number;
  file: Column;
  trust: Column;
  origin: Column;
  signer: Column;
  credits: Column;
  /** Width of the WHY column, or of the indented line below the row when the terminal is narrow. */
  why: number;
  whyBelow: boolean;
}

const GAP = ' ';
const WHY_INDENT = '    ';
const MIN_WHY_COLUMN = 40;

/** The width to lay out for: $COLUMNS when set, else the terminal's, else 80 (a pipe or a file). */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const fromEnv = Number(process.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv >= 40) return fromEnv;
  if (stream.isTTY && stream.columns) return Math.max(40, stream.columns);
  return 80;
}

export function tableLayout(width: number): TableLayout {
  const file = { title: 'FILE', width: width >= 140 ? 34 : width >= 100 ? 28 : 20 };
  const trust = { title: 'TRUST', width: 13 };
  const origin = { title: 'ORIGIN', width: 18 };
  const signer = { title: 'SIGNER', width: width >= 140 ? 26 : 22 };
  const credits = { title: 'CR', width: 2 };
  const fixed = [file, trust, origin, signer, credits].reduce((n, c) => n + c.width + GAP.length, 0);
  const whyColumn = width - fixed;
  const whyBelow = whyColumn < MIN_WHY_COLUMN;
  return {
    width,
    file,
    trust,
    origin,
    signer,
    credits,
    why: whyBelow ? width - WHY_INDENT.length : whyColumn,
    whyBelow,
  };
}

/** Word-wraps to `width`; a word longer than the width is broken. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Cuts a long file name in the middle, so its start and its extension stay readable. */
function fitName(name: string, width: number): string {
  if (name.length <= width) return name;
  const tail = Math.floor((width - 1) / 2);
  return `${name.slice(0, width - 1 - tail)}…${name.slice(name.length - tail)}`;
}

function why(verdict: Verdict): string {
  return verdict.message ?? verdict.evidence[0] ?? '';
}

function originCell(verdict: Verdict): string[] {
  const proven = verdict.originProven !== false || verdict.origin === 'unknown';
  return proven ? [verdict.origin] : [verdict.origin, '(unproven)'];
}

function joinColumns(cells: string[][], widths: number[]): string[] {
  const height = Math.max(...cells.map((c) => c.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++) {
    lines.push(
      cells
        .map((cell, c) => (c === cells.length - 1 ? (cell[i] ?? '') : (cell[i] ?? '').padEnd(widths[c]!)))
        .join(GAP)
        .trimEnd(),
    );
  }
  return lines;
}

export function tableHeader(layout: TableLayout): string {
  const { file, trust, origin, signer, credits } = layout;
  const titles = [file, trust, origin, signer, credits].map((c) => c.title.padEnd(c.width));
  return `${[...titles, ...(layout.whyBelow ? [] : ['WHY'])].join(GAP).trimEnd()}\n`;
}

const IDENTITY_INDENT = '    ';

export function tableRow(layout: TableLayout, name: string, verdict: Verdict): string {
  const { file, trust, origin, signer, credits } = layout;
  const cells = [
    [fitName(name, file.width)],
    [verdict.trust],
    originCell(verdict),
    verdict.signer ? wrap(signerLabel(verdict.signer), signer.width) : ['-'],
    [String(verdict.credits.length).padStart(credits.width)],
  ];
  const widths = [file.width, trust.width, origin.width, signer.width, credits.width];
  const reason = wrap(why(verdict), layout.why);
  // Each CAWG identity on lines of its own under the row: who signed as named actor, or that it fails.
  const identities = (verdict.identities ?? []).flatMap((identity) =>
    wrap(identityEvidence(identity), layout.width - IDENTITY_INDENT.length).map(
      (l) => `${IDENTITY_INDENT}${l}`,
    ),
  );
  if (layout.whyBelow) {
    const row = joinColumns(cells, widths);
    return `${[...row, ...reason.map((l) => `${WHY_INDENT}${l}`), ...identities].join('\n')}\n`;
  }
  return `${[...joinColumns([...cells, reason], [...widths, layout.why]), ...identities].join('\n')}\n`;
}

/** What the columns mean, printed under the table. */
export function tableLegend(layout: TableLayout): string {
  const entries: [string, string][] = [
    [
      'CR',
      'credits: how many sources the file names as its ingredients (C2PA) plus its lineage on the registry; --json or --report lists each with its own verdict.',
    ],
    ['(unproven)', 'the credential is invalid, so what it says about the origin is not proven.'],
    ['SIGNER', 'the organisation of the signing certificate, then the certificate’s name.'],
  ];
  const hang = '    ';
  return `${entries
    .flatMap(([label, text]) =>
      wrap(`${label}: ${text}`, layout.width - hang.length).map((line, i) =>
        i === 0 ? line : `${hang}${line}`,
      ),
    )
    .join('\n')}\n`;
}
