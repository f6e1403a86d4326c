// Signs media with a Content Credential: what it is, how it was made (IPTC digital source type), who made
// it, what it was made from, its soft binding, and its training/mining permissions.
// The wasm engine must be initialised first (initEngine, or initNodeEngine in Node).
import { WasmBuilder, wasmBlob } from '../verify/engine/wasm.ts';
import type { SignerDefinition } from './cose-signer.ts';

export const IPTC_DIGITAL_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** IPTC digital source types, by their short names. */
export type DigitalSourceTypeName =
  | 'digitalCapture'
  | 'computationalCapture'
  | 'negativeFilm'
  | 'positiveFilm'
  | 'print'
  | 'minorHumanEdits'
  | 'humanEdits'
  | 'compositeCapture'
  | 'algorithmicallyEnhanced'
  | 'dataDrivenMedia'
  | 'digitalArt'
  | 'digitalCreation'
  | 'virtualRecording'
  | 'compositeSynthetic'
  | 'trainedAlgorithmicMedia'
  | 'compositeWithTrainedAlgorithmicMedia'
  | 'algorithmicMedia'
  | 'screenCapture'
  | 'composite';

/** The full IPTC URI for a short name; full URIs pass through unchanged. */
export function digitalSourceTypeUri(type: DigitalSourceTypeName | string): string {
  return type.includes('://') ? type : `${IPTC_DIGITAL_SOURCE_TYPE}${type}`;
}

export interface SoftwareAgent {
  name: string;
  version?: string;
}

/** One entry of the c2pa.actions.v2 assertion. */
export interface ActionInput {
  /** e.g. `c2pa.created`, `c2pa.opened`, `c2pa.placed`, `c2pa.edited`, `c2pa.color_adjustments`. */
  action: string;
  digitalSourceType?: DigitalSourceTypeName | string;
  softwareAgent?: SoftwareAgent | string;
  description?: string;
  /** ISO 8601 time of the action. */
  when?: string;
  /** Labels of the ingredients (see IngredientInput.label) this action used. */
  ingredients?: string[];
  /** Further action parameters, written as given. */
  parameters?: Record<string, unknown>;
}

export type IngredientRelationship = 'parentOf' | 'componentOf' | 'inputTo';

export interface IngredientInput {
  bytes: Uint8Array;
  mediaType: string;
  title: string;
  relationship: IngredientRelationship;
  /** Name an action uses to refer to this ingredient. */
  label?: string;
  /** A thumbnail shown for this ingredient in a credits tree. */
  thumbnail?: { bytes: Uint8Array; mediaType: string };
}

/** A `c2pa.soft-binding` entry: a fingerprint that survives re-encoding, to find stripped copies. */
export interface SoftBindingInput {
  /** Algorithm name, e.g. `pdq` (as named in src/fingerprint). */
  alg: string;
  /** The fingerprint in the algorithm's own text form (PDQ: 64 lower-case hex digits). */
  value: string;
}

export type TrainingMiningUse = 'allowed' | 'notAllowed' | 'constrained';

/** CAWG `cawg.training-mining` permissions; a missing entry states nothing. */
export interface TrainingMiningInput {
  aiTraining?: TrainingMiningUse;
  aiGenerativeTraining?: TrainingMiningUse;
  aiInference?: TrainingMiningUse;
  dataMining?: TrainingMiningUse;
}

export interface ManifestInput {
  title: string;
  claimGenerator?: SoftwareAgent;
  actions?: ActionInput[];
  /** Author named in a schema.org CreativeWork assertion. */
  creator?: string;
  softBindings?: SoftBindingInput[];
  trainingMining?: TrainingMiningInput;
  /** Further assertions, written as given. */
  assertions?: { label: string; data: unknown }[];
  /** The manifest's label (`urn:c2pa:<uuid>`); the engine picks a random one when left out. */
  label?: string;
}

export interface SignMediaOptions {
  bytes: Uint8Array;
  /** MIME type of `bytes` (image/jpeg, image/png, audio/wav, video/mp4, ...). */
  mediaType: string;
  manifest: ManifestInput;
  ingredients?: IngredientInput[];
  signer: SignerDefinition;
  /** A thumbnail of the asset; without one the engine makes its own where it can. */
  thumbnail?: { bytes: Uint8Array; mediaType: string };
  /** c2pa-rs settings JSON (snake_case) for the builder, e.g. trust anchors used to check ingredients. */
  settingsJson?: string;
}

export const CLAIM_GENERATOR: SoftwareAgent = { name: 'Provenance Lens', version: '0.1.0' };

function toAction(input: ActionInput): Record<string, unknown> {
  const action: Record<string, unknown> = { action: input.action };
  if (input.digitalSourceType) action.digitalSourceType = digitalSourceTypeUri(input.digitalSourceType);
  if (input.softwareAgent) {
    action.softwareAgent =
      typeof input.softwareAgent === 'string' ? { name: input.softwareAgent } : { ...input.softwareAgent };
  }
  if (input.description) action.description = input.description;
  if (input.when) action.when = input.when;
  const parameters: Record<string, unknown> = { ...input.parameters };
  if (input.ingredients?.length) parameters.ingredientIds = [...input.ingredients];
  if (Object.keys(parameters).length > 0) action.parameters = parameters;
  return action;
}

const TRAINING_MINING_KEYS: Record<keyof TrainingMiningInput, string> = {
  aiTraining: 'cawg.ai_training',
  aiGenerativeTraining: 'cawg.ai_generative_training',
  aiInference: 'cawg.ai_inference',
  dataMining: 'cawg.data_mining',
};

/** The manifest definition (c2pa-rs JSON) for a ManifestInput. */
export function manifestDefinition(manifest: ManifestInput, mediaType: string): Record<string, unknown> {
  if (!manifest.title.trim()) throw new Error('signMedia: the manifest needs a title');
  const assertions: { label: string; data: unknown }[] = [];
  if (manifest.actions?.length) {
    assertions.push({ label: 'c2pa.actions.v2', data: { actions: manifest.actions.map(toAction) } });
  }
  if (manifest.creator) {
    assertions.push({
      label: 'stds.schema-org.CreativeWork',
      data: {
        '@context': 'http://schema.org/',
        '@type': 'CreativeWork',
        author: [{ '@type': 'Person', name: manifest.creator }],
      },
    });
  }
  for (const binding of manifest.softBindings ?? []) {
    if (!binding.alg || !binding.value) throw new Error('signMedia: a soft binding needs alg and value');
    assertions.push({
      label: 'c2pa.soft-binding',
      data: { alg: binding.alg, blocks: [{ scope: {}, value: binding.value }] },
    });
  }
  if (manifest.trainingMining) {
    const entries: Record<string, { use: TrainingMiningUse }> = {};
    for (const [key, use] of Object.entries(manifest.trainingMining) as [
      keyof TrainingMiningInput,
      TrainingMiningUse,
    ][]) {
      entries[TRAINING_MINING_KEYS[key]] = { use };
    }
    assertions.push({ label: 'cawg.training-mining', data: { entries } });
  }
  assertions.push(...(manifest.assertions ?? []));
  const generator = manifest.claimGenerator ?? CLAIM_GENERATOR;
  return {
    ...(manifest.label ? { label: manifest.label } : {}),
    title: manifest.title,
    format: mediaType,
    claim_generator_info: [{ ...generator }],
    assertions,
  };
}

/** Signs `bytes` and returns the signed file (the input is left unchanged). */
export async function signMedia(options: SignMediaOptions): Promise<Uint8Array> {
  return withBuilder(options, (builder) =>
    builder.sign(options.signer, options.mediaType, wasmBlob(options.bytes, options.mediaType)),
  );
}

/**
 * Signs `bytes` with the credential kept outside the file: the manifest store is returned apart, to be
 * served at `url`, and the file only carries the link (XMP dcterms:provenance, in formats with XMP).
 */
export async function signWithRemoteManifest(
  options: SignMediaOptions & { url: string },
): Promise<{ asset: Uint8Array; manifest: Uint8Array }> {
  return withBuilder(options, async (builder) => {
    builder.setRemoteUrl(options.url);
    builder.setNoEmbed(true);
    const signed = (await builder.signAndGetManifestBytes(
      options.signer,
      options.mediaType,
      wasmBlob(options.bytes, options.mediaType),
    )) as { asset: Uint8Array; manifest: Uint8Array };
    return { asset: new Uint8Array(signed.asset), manifest: new Uint8Array(signed.manifest) };
  });
}

async function withBuilder<T>(
  options: SignMediaOptions,
  sign: (builder: WasmBuilder) => Promise<T>,
): Promise<T> {
  const { bytes, mediaType } = options;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new Error('signMedia: bytes are empty');
  if (!mediaType.includes('/')) throw new Error(`signMedia: "${mediaType}" is not a media type`);
  const definition = manifestDefinition(options.manifest, mediaType);
  let builder: WasmBuilder;
  try {
    builder = WasmBuilder.fromJson(JSON.stringify(definition), options.settingsJson ?? null);
  } catch (error) {
    // A TypeError here means the wasm module was never instantiated in this realm.
    const hint =
      error instanceof TypeError
        ? ' (initialise the engine first: initEngine, or initNodeEngine in Node)'
        : '';
    throw new Error(`signMedia: the C2PA engine refused the manifest: ${describe(error)}${hint}`);
  }
  try {
    for (const [index, ingredient] of (options.ingredients ?? []).entries()) {
      const ingredientJson: Record<string, unknown> = {
        title: ingredient.title,
        relationship: ingredient.relationship,
      };
      if (ingredient.label) ingredientJson.label = ingredient.label;
      if (ingredient.thumbnail) {
        const identifier = `ingredient-thumbnail-${index}`;
        ingredientJson.thumbnail = { format: ingredient.thumbnail.mediaType, identifier };
        builder.addResourceFromBlob(
          identifier,
          wasmBlob(ingredient.thumbnail.bytes, ingredient.thumbnail.mediaType),
        );
      }
      await builder.addIngredientFromBlob(
        JSON.stringify(ingredientJson),
        ingredient.mediaType,
        wasmBlob(ingredient.bytes, ingredient.mediaType),
      );
    }
    if (options.thumbnail) {
      builder.setThumbnailFromBlob(
        options.thumbnail.mediaType,
        wasmBlob(options.thumbnail.bytes, options.thumbnail.mediaType),
      );
    }
    return await sign(builder);
  } catch (error) {
    throw new Error(`signMedia: could not sign ${options.manifest.title} (${mediaType}): ${describe(error)}`);
  } finally {
    builder.free();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
