// Checks the "Register as my work" form before anything is signed, with message names from _locales.

export const WORK_KINDS = ['media', 'dataset', 'model', 'application', 'output'] as const;
export const TRAINING_CHOICES = ['allowed', 'notAllowed', 'constrained', 'unspecified'] as const;

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
/** "How was it made?", recorded as the IPTC digital source type a verdict reads back. */
export const HOW_MADE = {
  camera: `${IPTC}digitalCapture`,
  human: `${IPTC}digitalCreation`,
  'ai-assisted': `${IPTC}compositeWithTrainedAlgorithmicMedia`,
  'ai-generated': `${IPTC}trainedAlgorithmicMedia`,
} as const;
export type HowMade = keyof typeof HOW_MADE;
export const HOW_MADE_CHOICES = Object.keys(HOW_MADE) as HowMade[];

/** Kinds of work that are a picture, recording or text someone made, so "how was it made" applies. */
export function asksHowMade(kind: string): boolean {
  return kind === 'media' || kind === 'output';
}

export interface ParentShare {
  id: string;
  /** Share of value passed to this parent, in basis points (100 = 1 %), as typed. */
  bps: string;
}

export interface RegisterForm {
  creator: string;
  /** "" until chosen; required for media and outputs. */
  howMade?: string;
  kind: string;
  training: string;
  parents: ParentShare[];
  passphrase: string;
  /** The passphrase typed again, when the key is made now (the first registration); undefined otherwise. */
  passphraseAgain?: string | undefined;
}

export type RegisterError =
  | 'error_creator_required'
  | 'error_kind'
  | 'error_training'
  | 'error_parent_id'
  | 'error_parent_duplicate'
  | 'error_parent_share'
  | 'error_shares_total'
  | 'error_passphrase_required'
  | 'error_how_made'
  | 'error_passphrase_mismatch';

export interface RegisterValidation {
  errors: {
    field: 'creator' | 'kind' | 'training' | 'parents' | 'passphrase' | 'passphraseAgain' | 'howMade';
    error: RegisterError;
    detail?: string;
  }[];
  parents: { id: string; bps: number }[];
}

/** Registry record ids: a 0x-hex value up to 32 bytes, or a decimal number. */
export function isRecordId(id: string): boolean {
  return /^0x[0-9a-fA-F]{1,64}$/.test(id) || /^[0-9]{1,78}$/.test(id);
}

export function validateRegistration(form: RegisterForm): RegisterValidation {
  const errors: RegisterValidation['errors'] = [];
  if (form.creator.trim() === '') errors.push({ field: 'creator', error: 'error_creator_required' });
  if (!(WORK_KINDS as readonly string[]).includes(form.kind))
    errors.push({ field: 'kind', error: 'error_kind' });
  if (asksHowMade(form.kind) && !(HOW_MADE_CHOICES as string[]).includes(form.howMade ?? ''))
    errors.push({ field: 'howMade', error: 'error_how_made' });
  if (!(TRAINING_CHOICES as readonly string[]).includes(form.training)) {
    errors.push({ field: 'training', error: 'error_training' });
  }
  const parents: { id: string; bps: number }[] = [];
  let total = 0;
  for (const parent of form.parents) {
    const id = parent.id.trim();
    if (!isRecordId(id)) {
      errors.push({ field: 'parents', error: 'error_parent_id', detail: id });
      continue;
    }
    if (parents.some((seen) => seen.id.toLowerCase() === id.toLowerCase())) {
      errors.push({ field: 'parents', error: 'error_parent_duplicate', detail: id });
      continue;
    }
    const bps = /^\d+$/.test(parent.bps.trim()) ? Number(parent.bps.trim()) : Number.NaN;
    if (!Number.isInteger(bps) || bps < 1 || bps > 10_000) {
      errors.push({ field: 'parents', error: 'error_parent_share', detail: id });
      continue;
    }
    total += bps;
    parents.push({ id, bps });
  }
  if (total > 10_000) errors.push({ field: 'parents', error: 'error_shares_total', detail: String(total) });
  if (form.passphrase === '') errors.push({ field: 'passphrase', error: 'error_passphrase_required' });
  else if (form.passphraseAgain !== undefined && form.passphraseAgain !== form.passphrase)
    errors.push({ field: 'passphraseAgain', error: 'error_passphrase_mismatch' });
  return { errors, parents };
}
