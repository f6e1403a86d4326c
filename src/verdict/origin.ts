// How an asset came to be, from what its credential (or unsigned metadata) says.
// IPTC digital source types: https://cv.iptc.org/newscodes/digitalsourcetype/
import type { ManifestJson, ManifestStoreJson } from '../verify/engine/protocol.ts';
import { english } from './english.ts';
import type { Origin, SourceTypeSighting, Trust } from './types.ts';

/**
 * The origin each IPTC digital source type states on its own, the same whether a signed credential or
 * unsigned metadata says it (a signed AI term is refined by its action: generated, composite or edited).
 */
export const SOURCE_TERM_ORIGIN = {
  trainedAlgorithmicMedia: 'ai-generated',
  compositeWithTrainedAlgorithmicMedia: 'ai-composite',
  algorithmicMedia: 'computer-generated',
  algorithmicallyEnhanced: 'computer-generated',
  compositeSynthetic: 'computer-generated',
  dataDrivenMedia: 'computer-generated',
  screenCapture: 'computer-generated',
  virtualRecording: 'computer-generated',
  digitalCapture: 'human-capture',
  computationalCapture: 'human-capture',
  compositeCapture: 'human-capture',
  negativeFilm: 'human-capture',
  positiveFilm: 'human-capture',
  print: 'human-capture',
  digitalCreation: 'human-made',
  digitalArt: 'human-made',
  humanEdits: 'human-made',
  minorHumanEdits: 'human-made',
  composite: 'human-made',
} as const satisfies Record<string, Origin>;

export type SourceTypeTerm = keyof typeof SOURCE_TERM_ORIGIN;

const TERMS_BY_LOWER_CASE = new Map(
  (Object.keys(SOURCE_TERM_ORIGIN) as SourceTypeTerm[]).map((term) => [term.toLowerCase(), term]),
);

/** The IPTC term of a digital source type URI, tolerant of spacing, scheme and legacy paths. */
export function sourceTypeTerm(uri: string): SourceTypeTerm | undefined {
  const term =
    uri
      .trim()
      .replace(/[/#]+$/, '')
      .split(/[/#]/)
      .pop() ?? '';
  return TERMS_BY_LOWER_CASE.get(term.toLowerCase());
}

/** Actions that change what the content shows (as opposed to opening, converting or watermarking it). */
const CONTENT_EDITS = new Set([
  'c2pa.drawing',
  'c2pa.color_adjustments',
  'c2pa.placed',
  'c2pa.edited',
  'c2pa.cropped',
  'c2pa.resized',
  'c2pa.filtered',
  'c2pa.orientation',
  'c2pa.removed',
  'c2pa.deleted',
  'c2pa.produced',
  'c2pa.mixed',
  'c2pa.enhanced',
]);

/** Explicit statements some generators write instead of a source type (e.g. Bing Image Creator). */
const AI_STATEMENT = /\b(ai[- ]generated|generated (?:by|with) ai|made with ai|generative ai)\b/i;

export interface ActionView {
  action: string;
  digitalSourceType?: string;
  softwareAgent?: string;
  description?: string;
  /** Vendor parameter carrying a source type (com.adobe.digitalSourceType). */
  vendorSourceType?: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function agentName(agent: unknown): string | undefined {
  if (typeof agent === 'string') return agent;
  const record = asRecord(agent);
  return typeof record?.name === 'string' ? record.name : undefined;
}

export function manifestActions(manifest: ManifestJson): ActionView[] {
  const out: ActionView[] = [];
  for (const assertion of manifest.assertions ?? []) {
    if (!/^c2pa\.actions(\.v\d+)?(__\d+)?$/.test(assertion.label)) continue;
    const actions = asRecord(assertion.data)?.actions;
    if (!Array.isArray(actions)) continue;
    for (const raw of actions) {
      const action = asRecord(raw);
      if (!action || typeof action.action !== 'string') continue;
      const parameters = asRecord(action.parameters);
      const vendor = parameters?.['com.adobe.digitalSourceType'];
      const agent = agentName(action.softwareAgent);
      const view: ActionView = { action: action.action };
      if (typeof action.digitalSourceType === 'string') view.digitalSourceType = action.digitalSourceType;
      if (agent) view.softwareAgent = agent;
      if (typeof action.description === 'string') view.description = action.description;
      if (typeof vendor === 'string') view.vendorSourceType = vendor;
      out.push(view);
    }
  }
  return out;
}

function assertionLabels(manifest: ManifestJson): string[] {
  return (manifest.assertions ?? []).map((a) => a.label);
}

const CAPTURE_MAKERS =
  /\b(nikon|canon|sony|leica|fujifilm|panasonic|olympus|samsung|pixel|iphone|truepic|lens|camera|capture)\b/i;

/** Camera evidence without a source type: EXIF make/model or capture sensors, from a capture signer or app. */
function captureEvidence(manifest: ManifestJson): string | undefined {
  const labels = assertionLabels(manifest);
  const hasSensors = labels.some((l) => /odometry|location|stds\.exif/.test(l));
  if (!hasSensors) return undefined;
  const who = [
    manifest.claim_generator,
    ...(manifest.claim_generator_info ?? []).map((i) => i.name),
    manifest.signature_info?.issuer,
    manifest.signature_info?.common_name,
  ]
    .filter((s): s is string => typeof s === 'string')
    .find((s) => CAPTURE_MAKERS.test(s));
  return who ? `${who} with ${labels.filter((l) => /odometry|exif|location/.test(l)).join(', ')}` : undefined;
}

export interface ManifestOrigin {
  origin: Origin;
  /** The software agent of the action that decided the origin, if named. */
  generator?: string;
  /** Plain-language reasons. */
  evidence: string[];
  sightings: SourceTypeSighting[];
}

function describeAgent(action: ActionView): string {
  return action.softwareAgent ? ` by ${action.softwareAgent}` : '';
}

/**
 * Classifies one manifest, walking into its ingredients' manifests (depth-bounded). Rules users rely on:
 * an AI signal in the manifest or a validated ingredient is never overridden by a human claim.
 */
export function classifyManifest(
  store: ManifestStoreJson,
  label: string,
  where: string,
  depth = 0,
  seen: Set<string> = new Set(),
): ManifestOrigin {
  const manifest = store.manifests[label];
  if (!manifest || depth > 16 || seen.has(label)) {
    return { origin: 'unknown', evidence: [], sightings: [] };
  }
  seen.add(label);
  const evidence: string[] = [];
  const sightings: SourceTypeSighting[] = [];
  const actions = manifestActions(manifest);

  let ownAi: { term: SourceTypeTerm; action: ActionView } | undefined;
  let ownStatement: ActionView | undefined;
  let machine: ActionView | undefined;
  let capture: ActionView | undefined;
  let human: ActionView | undefined;
  for (const action of actions) {
    for (const uri of [action.digitalSourceType, action.vendorSourceType]) {
      if (!uri) continue;
      sightings.push({
        uri: uri.trim(),
        from: `${where}: ${action.action}${uri === action.vendorSourceType ? ' (com.adobe.digitalSourceType)' : ''}`,
      });
      const term = sourceTypeTerm(uri);
      if (!term) continue;
      const stated = SOURCE_TERM_ORIGIN[term];
      if (isAiOrigin(stated)) {
        // A composite term outranks nothing it finds earlier; a fully generated term outranks a composite.
        if (!ownAi || (ownAi.term !== 'trainedAlgorithmicMedia' && term === 'trainedAlgorithmicMedia')) {
          ownAi = { term, action };
        }
      } else if (stated === 'computer-generated') machine ??= action;
      else if (stated === 'human-capture') capture ??= action;
      else human ??= action;
    }
    if (
      !action.digitalSourceType &&
      !action.vendorSourceType &&
      action.description &&
      AI_STATEMENT.test(action.description)
    ) {
      ownStatement ??= action;
    }
  }

  // Ingredients: their own manifests, classified recursively.
  const ingredientOrigins = (manifest.ingredients ?? []).map((ingredient) => {
    const child = ingredient.active_manifest
      ? classifyManifest(
          store,
          ingredient.active_manifest,
          `ingredient “${ingredient.title ?? 'untitled'}”`,
          depth + 1,
          seen,
        )
      : undefined;
    if (child) sightings.push(...child.sightings);
    return { ingredient, child };
  });
  const aiIngredient = ingredientOrigins.find(
    ({ child }) =>
      child &&
      (child.origin === 'ai-generated' || child.origin === 'ai-composite' || child.origin === 'ai-edited'),
  );
  const edits = actions.filter((a) => CONTENT_EDITS.has(a.action));
  const inception = actions.find((a) => a.action === 'c2pa.created' || a.action === 'c2pa.opened');

  if (ownAi) {
    const { term, action } = ownAi;
    const isInception = action.action === 'c2pa.created' || action.action === 'c2pa.opened';
    let origin: Origin;
    if (term === 'trainedAlgorithmicMedia' && isInception) origin = 'ai-generated';
    else if (term === 'trainedAlgorithmicMedia')
      origin = aiIngredient || !inception ? 'ai-generated' : 'ai-edited';
    else if (aiIngredient || isInception) origin = 'ai-composite';
    else origin = 'ai-edited';
    evidence.push(
      `${where} records ${action.action}${describeAgent(action)} with source type ${term}` +
        (action.vendorSourceType && !action.digitalSourceType ? ' (as a vendor parameter)' : '') +
        '.',
    );
    if (aiIngredient && origin !== 'ai-generated') {
      evidence.push(
        `It includes the AI-derived ingredient “${aiIngredient.ingredient.title ?? 'untitled'}”.`,
      );
    }
    const generator = action.softwareAgent ?? aiIngredient?.child?.generator;
    return { origin, evidence, sightings, ...(generator ? { generator } : {}) };
  }
  if (ownStatement) {
    evidence.push(
      `${where} states “${ownStatement.description}” for ${ownStatement.action}${describeAgent(ownStatement)} (a vendor statement, not an IPTC source type).`,
    );
    return {
      origin: 'ai-generated',
      evidence,
      sightings,
      ...(ownStatement.softwareAgent ? { generator: ownStatement.softwareAgent } : {}),
    };
  }
  if (aiIngredient?.child) {
    const relationship = aiIngredient.ingredient.relationship ?? 'parentOf';
    const title = aiIngredient.ingredient.title ?? 'untitled';
    // The same content re-signed, converted or watermarked stays what its parent was.
    const origin: Origin =
      relationship === 'parentOf' && (edits.length === 0 || aiIngredient.child.origin === 'ai-generated')
        ? aiIngredient.child.origin
        : 'ai-composite';
    evidence.push(
      `Its ${relationship} ingredient “${title}” is ${aiIngredient.child.origin}:`,
      ...aiIngredient.child.evidence,
    );
    const generator = aiIngredient.child.generator;
    return { origin, evidence, sightings, ...(generator ? { generator } : {}) };
  }
  if (machine) {
    evidence.push(
      `${where} records ${machine.action}${describeAgent(machine)} with source type ${sourceTypeTerm(machine.digitalSourceType ?? machine.vendorSourceType ?? '')} (made by an algorithm, not a trained AI model).`,
    );
    return { origin: 'computer-generated', evidence, sightings };
  }
  const machineIngredient = ingredientOrigins.find(({ child }) => child?.origin === 'computer-generated');
  if (capture) {
    evidence.push(
      `${where} records ${capture.action}${describeAgent(capture)} with source type ${sourceTypeTerm(capture.digitalSourceType ?? '')}.`,
    );
    return { origin: 'human-capture', evidence, sightings };
  }
  if (human) {
    evidence.push(
      `${where} records ${human.action}${describeAgent(human)} with source type ${sourceTypeTerm(human.digitalSourceType ?? '')}.`,
    );
    return { origin: 'human-made', evidence, sightings };
  }
  if (machineIngredient?.child) {
    evidence.push(
      `Its ingredient “${machineIngredient.ingredient.title ?? 'untitled'}” was made by an algorithm.`,
    );
    return { origin: 'computer-generated', evidence, sightings };
  }
  if (actions.length === 0) {
    const camera = captureEvidence(manifest);
    if (camera) {
      evidence.push(`Capture is inferred, not stated: no actions, but signed by ${camera}.`);
      return { origin: 'human-capture', evidence, sightings };
    }
  }
  const captureIngredient = ingredientOrigins.find(({ child }) => child?.origin === 'human-capture');
  if (edits.length > 0) {
    evidence.push(
      `${where} records editing by a person (${[...new Set(edits.map((e) => e.action.replace('c2pa.', '')))].join(', ')}) and no AI or algorithmic source type.`,
    );
    return { origin: 'human-made', evidence, sightings };
  }
  if (
    captureIngredient?.child &&
    edits.length === 0 &&
    captureIngredient.ingredient.relationship === 'parentOf'
  ) {
    evidence.push(
      `Its parent ingredient “${captureIngredient.ingredient.title ?? 'untitled'}” is a capture.`,
    );
    return { origin: 'human-capture', evidence, sightings };
  }
  evidence.push(
    actions.length > 0
      ? `${where} records only ${[...new Set(actions.map((a) => a.action.replace('c2pa.', '')))].join(', ')}, which says nothing about how the content was made.`
      : `${where} records no actions and no source type.`,
  );
  return { origin: 'unknown', evidence, sightings };
}

export function isAiOrigin(origin: Origin): boolean {
  return origin === 'ai-generated' || origin === 'ai-composite' || origin === 'ai-edited';
}

export function aiDerivedOf(origin: Origin): boolean | null {
  if (isAiOrigin(origin)) return true;
  if (origin === 'unknown') return null;
  return false;
}

/** What an origin headline is about: a verdict, or a credit (which names no tool). */
export interface HeadlineSubject {
  origin: Origin;
  trust: Trust;
  /** The software agent of the action that decided the origin. */
  generator?: string;
  claimGenerator?: string;
}

/**
 * The tool named by the claim generator, without versions: "Example_Diffusion/1.0 c2pa-rs/0.58" reads
 * "Example Diffusion". Returns undefined when nothing readable is left.
 */
export function toolName(claimGenerator: string | undefined): string | undefined {
  if (!claimGenerator) return undefined;
  const first = claimGenerator.includes('/') ? claimGenerator.split('/')[0] : claimGenerator;
  const name = (first ?? '')
    .replace(/_/g, ' ')
    .replace(/\s+v?\d[\w.-]*$/, '')
    .trim();
  return name.length > 0 ? name : undefined;
}

/**
 * The tool to name in a headline. The acting software agent when known; otherwise, for AI origins only, the
 * signing app (AI services sign their own output), since for captures the signing app is rarely the camera.
 */
export function headlineTool(subject: HeadlineSubject): string | undefined {
  const generator = subject.generator?.trim();
  if (generator) return generator;
  return isAiOrigin(subject.origin) ? toolName(subject.claimGenerator) : undefined;
}

/** The _locales message of an origin headline and the tool it names ("headline_ai_generated_tool", …). */
export function originHeadlineMessage(subject: HeadlineSubject): { name: string; tool?: string } {
  if (subject.origin === 'unknown') {
    const nothing = subject.trust === 'none' || subject.trust === 'error';
    return { name: nothing ? 'headline_unknown_nothing' : 'headline_unknown' };
  }
  const key = `headline_${subject.origin.replace(/-/g, '_')}`;
  const tool = headlineTool(subject);
  return tool ? { name: `${key}_tool`, tool } : { name: key };
}

/** The origin as a plain English headline: "Made with AI: generated by Example Diffusion". */
export function originHeadline(subject: HeadlineSubject): string {
  const { name, tool } = originHeadlineMessage(subject);
  return english(name, tool) ?? subject.origin;
}
