// `provlens recheck report.html FILE…`: re-runs the check an evidence report records (same trust lists by
// SHA-256, same validation time) and says, file by file, whether the verdict, codes or hash differ.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  EVIDENCE_BLOCK_ID,
  EVIDENCE_SCHEMA,
  type EvidenceItem,
  type EvidenceRecord,
  type EvidenceTrustList,
} from '../../report/evidence.ts';
import { sha256Hex } from '../../verify/sha256.ts';
import type { TrustConfig, TrustListSource } from '../../verify/trust.ts';
import { UsageError } from '../usage-error.ts';
import { listInputs } from '../verify/inputs.ts';
import { officialLists, type TrustInForce } from '../verify/trust-options.ts';
import { listsInForce } from './trust.ts';
import { checkInputs, type VerifyResult } from './verify.ts';

const BLOCK = new RegExp(`<script type="application/json" id="${EVIDENCE_BLOCK_ID}">([\\s\\S]*?)</script>`);

export async function readEvidence(path: string): Promise<EvidenceRecord> {
  let html: string;
  try {
    html = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the report ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const json = BLOCK.exec(html)?.[1];
  if (!json)
    throw new UsageError(
      `${path} holds no provlens evidence block (was it written by provlens verify --report?)`,
    );
  let record: EvidenceRecord;
  try {
    record = JSON.parse(json) as EvidenceRecord;
  } catch (error) {
    throw new UsageError(`the evidence block of ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (record.schema !== EVIDENCE_SCHEMA)
    throw new UsageError(
      `${path} records evidence in format "${record.schema}", this provlens reads "${EVIDENCE_SCHEMA}"`,
    );
  return record;
}

const sha256OfText = (text: string) => sha256Hex(new TextEncoder().encode(text));

/** The recorded lists again, each checked against its recorded SHA-256. */
async function sameTrust(record: EvidenceRecord): Promise<TrustInForce> {
  if (!record.options.trustLists || record.trustLists.length === 0) return { trust: null, lists: [] };
  const official = record.trustLists.some((l) => l.source !== 'file' && l.source !== 'url')
    ? await officialLists(await listsInForce())
    : undefined;
  const texts = new Map<EvidenceTrustList, string>();
  for (const list of record.trustLists) {
    let text: string | undefined;
    if (list.source === 'file') text = await readFile(list.location, 'utf8').catch(() => undefined);
    else if (list.source === 'url')
      text = await fetch(list.location)
        .then((r) => (r.ok ? r.text() : undefined))
        .catch(() => undefined);
    else {
      const now = official?.lists.find((l) => l.id === list.id);
      if (now?.sha256 === list.sha256) {
        text =
          list.role === 'anchors'
            ? official!.anchors.find((a) => a.id === list.id)?.pem
            : list.role === 'allowed'
              ? official!.allowedList?.pem
              : official!.trustConfig;
      }
    }
    if (text === undefined || (await sha256OfText(text)) !== list.sha256) {
      throw new UsageError(
        `the trust list ${list.name} (${list.location}) is not the one the report used${text === undefined ? ': it cannot be read' : `: its SHA-256 is now ${await sha256OfText(text)}`}, the report records ${list.sha256}`,
      );
    }
    texts.set(list, text);
  }
  const anchors: TrustListSource[] = [];
  let allowedList: TrustListSource | undefined;
  let trustConfig: string | undefined;
  for (const [list, text] of texts) {
    if (list.role === 'anchors') anchors.push({ id: list.id, name: list.name, pem: text });
    else if (list.role === 'allowed') allowedList = { id: list.id, name: list.name, pem: text };
    else trustConfig = text;
  }
  const trust: TrustConfig = {
    anchors,
    ...(allowedList ? { allowedList } : {}),
    ...(trustConfig !== undefined ? { trustConfig } : {}),
  };
  return { trust, lists: record.trustLists };
}

function codeKey(c: { code: string; scope?: string | undefined; severity?: string | undefined }): string {
  return `${c.scope === 'ingredient' ? 'ingredient:' : ''}${c.code}${c.severity === 'informational' ? ' (info)' : ''}`;
}

/** What differs between the recorded item and the new result, in words; empty when nothing does. */
export function differences(recorded: EvidenceItem, now: VerifyResult): string[] {
  const out: string[] = [];
  const v = now.verdict;
  if (recorded.sha256 !== v.sha256) out.push(`SHA-256 ${recorded.sha256} → ${v.sha256 || '(none)'}`);
  if (recorded.trust !== v.trust) out.push(`verdict ${recorded.trust} → ${v.trust}`);
  if (recorded.origin !== v.origin) out.push(`origin ${recorded.origin} → ${v.origin}`);
  if ((recorded.errorKind ?? '') !== (now.errorKind ?? ''))
    out.push(`error kind ${recorded.errorKind ?? '(none)'} → ${now.errorKind ?? '(none)'}`);
  const before = new Set(recorded.codes.map(codeKey));
  const after = new Set(v.codes.map(codeKey));
  const added = [...after].filter((c) => !before.has(c));
  const removed = [...before].filter((c) => !after.has(c));
  if (added.length) out.push(`codes added: ${added.join(', ')}`);
  if (removed.length) out.push(`codes gone: ${removed.join(', ')}`);
  return out;
}

function findRecorded(record: EvidenceRecord, result: VerifyResult): EvidenceItem | undefined {
  const byName = record.items.filter((i) => i.name === result.name);
  if (byName.length <= 1) return byName[0];
  return byName.find((i) => i.file === result.file) ?? byName.find((i) => i.sha256 === result.verdict.sha256);
}

export function addRecheckCommand(program: Command): void {
  program
    .command('recheck')
    .description(
      'Re-run the check an evidence report records (same trust lists, same validation time) on the files, and say file by file whether anything differs.',
    )
    .argument('<report>', 'an HTML evidence report written by provlens verify --report')
    .argument('<files...>', 'the files (or folders) to check again')
    .addHelpText(
      'after',
      `
Files are matched to the report by name. Each line says "same" or "DIFFERS" with what changed:
the SHA-256 of the bytes, the verdict, the origin or the C2PA status codes. Trust lists are taken
from the paths or URLs the report records (or the cached official lists) and must have the SHA-256
it records.
Exit status: 0 nothing differs, 1 a file differs or is not in the report, 2 wrong arguments or a
trust list that is not the recorded one.`,
    )
    .action(async (reportPath: string, files: string[]) => {
      const record = await readEvidence(reportPath);
      const trust = await sameTrust(record);
      const entries = await listInputs(files);
      const results = await checkInputs(entries, {
        trust,
        at: record.options.at ?? record.checkedAt,
        remote: record.options.remote,
        timeoutSeconds: record.options.timeoutSeconds,
        maxBytes: record.options.maxSizeMb * 1024 * 1024,
        concurrency: 2,
        keepBytes: false,
      });
      let differing = 0;
      const seen = new Set<EvidenceItem>();
      for (const result of results) {
        const recorded = findRecorded(record, result);
        if (!recorded) {
          differing += 1;
          process.stdout.write(
            `DIFFERS  ${result.file}: not in the report (it records ${record.items.length} file(s))\n`,
          );
          continue;
        }
        seen.add(recorded);
        const changes = differences(recorded, result);
        if (changes.length > 0) {
          differing += 1;
          process.stdout.write(`DIFFERS  ${result.file}: ${changes.join('; ')}\n`);
        } else {
          process.stdout.write(
            `same     ${result.file}: ${result.verdict.trust}, ${result.verdict.codes.length} code(s), SHA-256 ${result.verdict.sha256.slice(0, 16)}…\n`,
          );
        }
      }
      const notGiven = record.items.filter((i) => !seen.has(i)).map((i) => basename(i.file));
      process.stdout.write(
        `\n${results.length} file(s) rechecked against ${reportPath} (validated as of ${record.options.at ?? record.checkedAt}): ${differing === 0 ? 'nothing differs' : `${differing} differ`}${notGiven.length ? `; not given: ${notGiven.join(', ')}` : ''}\n`,
      );
      process.exitCode = differing > 0 ? 1 : 0;
    });
}
