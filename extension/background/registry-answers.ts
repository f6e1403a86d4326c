// Registry answers for listed media: one batched look-up per tab once its scan settled (or when a view
// opens it), applied to the verdicts in place; the verifier's own verdicts are kept so a registry change
// can start from them again.
import { applyRegistryError, applyRegistryMatches } from '../../src/verdict/registry.ts';
import type { RegistryMatch } from '../../src/verdict/types.ts';
import type { MediaItem, Verdict } from '../platform/model.ts';
import type { LookupItem, Registry } from './registry.ts';

/** What the registry said about one content hash: its matches (and the indexer's lag, when one answered), or why it could not say. */
export type RegistryAnswer =
  | { matches: RegistryMatch[]; index?: Verdict['registryIndex'] }
  | { error: string };

/** A copy of `base` with the registry's answer in it (trust, origin, lineage credits or registryError). */
export function withRegistry(base: Verdict, answer: RegistryAnswer): Verdict {
  const verdict = structuredClone(base);
  if ('matches' in answer) {
    applyRegistryMatches(verdict, answer.matches);
    if (answer.index) verdict.registryIndex = answer.index;
  } else applyRegistryError(verdict, new Error(answer.error));
  return verdict;
}

/** Whether a verdict already carries a registry answer (so it is not looked up again). */
export const hasRegistryAnswer = (verdict: Verdict): boolean =>
  verdict.registry !== undefined || verdict.registryError !== undefined;

const REGISTRY_SETTLE_MS = 250;
const MAX_REMEMBERED_VERDICTS = 5000;

export interface RegistryAnswers {
  /** The verifier's own verdict (before any registry answer). */
  remember(verdict: Verdict): void;
  /** Applies the registry's answers to these items; true when any verdict changed. */
  answer(items: MediaItem[]): Promise<boolean>;
  /** A look-up for a tab's items, after its scan settled (or now); `onChanged` when answers changed verdicts. */
  schedule(tabId: number, items: () => MediaItem[] | undefined, now: boolean, onChanged: () => void): void;
  /** Puts back the verifier's verdict of an item (only for `sha256`, when given); false when it is unknown. */
  restore(item: MediaItem, sha256?: string): boolean;
  /** The registry changed: forget its cached answers. */
  forget(sha256?: string): void;
}

export function createRegistryAnswers(registry?: Pick<Registry, 'lookup' | 'forget'>): RegistryAnswers {
  const plainVerdicts = new Map<string, Verdict>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** Items whose verdict has no registry answer yet, with the verdict the answer is applied to. */
  function awaiting(items: readonly MediaItem[]): LookupItem[] {
    const out: LookupItem[] = [];
    for (const item of items) {
      const verdict = item.verdict;
      if (item.state !== 'done' || !verdict?.sha256 || hasRegistryAnswer(verdict)) continue;
      out.push({ sha256: verdict.sha256, src: item.src, kind: item.kind, verdict });
    }
    return out;
  }

  async function answer(items: MediaItem[]): Promise<boolean> {
    if (!registry) return false;
    const wanted = awaiting(items);
    if (wanted.length === 0) return false;
    const answers = await registry.lookup(wanted);
    let changedAny = false;
    for (const want of wanted) {
      const found = answers.get(want.sha256);
      const item = items.find((candidate) => candidate.verdict === want.verdict);
      if (!found || !item) continue;
      item.verdict = withRegistry(want.verdict, found);
      changedAny = true;
    }
    return changedAny;
  }

  return {
    remember(verdict) {
      if (!verdict.sha256 || hasRegistryAnswer(verdict)) return;
      plainVerdicts.set(verdict.sha256, verdict);
      if (plainVerdicts.size > MAX_REMEMBERED_VERDICTS) {
        const oldest = plainVerdicts.keys().next().value;
        if (oldest !== undefined) plainVerdicts.delete(oldest);
      }
    },
    answer,
    schedule(tabId, items, now, onChanged) {
      if (!registry) return;
      const current = items();
      if (!current || (!now && current.some((item) => item.state === 'checking'))) return;
      clearTimeout(timers.get(tabId));
      timers.set(
        tabId,
        setTimeout(
          () => {
            timers.delete(tabId);
            const latest = items();
            if (!latest) return;
            void answer(latest)
              .then((changedAny) => {
                if (changedAny) onChanged();
              })
              .catch(() => undefined);
          },
          now ? 0 : REGISTRY_SETTLE_MS,
        ),
      );
    },
    restore(item, sha256) {
      const plain = item.verdict?.sha256 ? plainVerdicts.get(item.verdict.sha256) : undefined;
      if (!plain || (sha256 !== undefined && plain.sha256 !== sha256)) return false;
      item.verdict = plain;
      return true;
    },
    forget(sha256) {
      registry?.forget(sha256);
    },
  };
}
