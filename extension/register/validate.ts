// Checks the "Register as my work" form before anything is signed, with message names from _locales.

export const WORK_KINDS = ['media', 'dataset', 'model', 'application', 'output'] as const;
export const TRAINING_CHOICES = ['allowed', 'notAllowed', 'constrained', 'unspecified'] as const;

export interface ParentShare {
  id: string;
  /** Share of value passed to this parent, in basis points (100 = 1 %), as typed. */
  bps: string;
}

export interface RegisterForm {
  creator: string;
  kind: string;
  training: string;
  parents: ParentShare[];
  passphrase: string;
}

export type RegisterError =
  | 'error_creator_required'
  | 'error_kind'
  | 'error_training'
  | 'error_parent_id'
  | 'error_parent_duplicate'
  | 'error_parent_share'
  | 'error_shares_total'
  | 'error_passphrase_required';

export interface RegisterValidation {
  errors: {
    field: 'creator' | 'kind' | 'training' | 'parents' | 'passphrase';
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
  return { errors, parents };
}
