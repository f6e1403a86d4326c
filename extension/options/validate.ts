// Checks what a person types into Options before it is saved, with a message they can act on.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Settings } from '../platform/model.ts';

/** Message names (in _locales) for each way a field can be wrong. */
export type RegistryFieldError =
  | 'error_rpc_required'
  | 'error_rpc_url'
  | 'error_rpc_insecure'
  | 'error_address_required'
  | 'error_address_format'
  | 'error_address_checksum'
  | 'error_chain_id'
  | 'error_indexer_url'
  | 'error_indexer_insecure';

export interface RegistryForm {
  rpcUrl: string;
  address: string;
  chainId: string;
  /** A registry indexer asked before the chain's logs (optional). */
  indexerUrl?: string;
}

export interface RegistryValidation {
  /** null when every field is empty (registry look-ups off); undefined when a field is wrong. */
  value: Settings['registry'] | undefined;
  errors: Partial<Record<keyof RegistryForm, RegistryFieldError>>;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** EIP-55: a mixed-case address must carry the checksum; all-lower or all-upper hex carries none. */
export function hasValidChecksum(address: string): boolean {
  const hex = address.slice(2);
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return true;
  const hash = bytesToHex(keccak_256(utf8ToBytes(hex.toLowerCase())));
  for (let i = 0; i < hex.length; i++) {
    const char = hex[i]!;
    const nibble = Number.parseInt(hash[i]!, 16);
    if (/[a-f]/i.test(char) && (nibble >= 8 ? char !== char.toUpperCase() : char !== char.toLowerCase())) {
      return false;
    }
  }
  return true;
}

export function validateRegistry(form: RegistryForm): RegistryValidation {
  const rpcUrl = form.rpcUrl.trim();
  const address = form.address.trim();
  const chainId = form.chainId.trim();
  const indexerUrl = (form.indexerUrl ?? '').trim();
  if (!rpcUrl && !address && !chainId && !indexerUrl) return { value: null, errors: {} };
  const errors: RegistryValidation['errors'] = {};
  if (indexerUrl) {
    const problem = urlProblem(indexerUrl);
    if (problem) errors.indexerUrl = problem === 'insecure' ? 'error_indexer_insecure' : 'error_indexer_url';
  }
  if (!rpcUrl) errors.rpcUrl = 'error_rpc_required';
  else {
    let url: URL | undefined;
    try {
      url = new URL(rpcUrl);
    } catch {
      errors.rpcUrl = 'error_rpc_url';
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') errors.rpcUrl = 'error_rpc_url';
    // Plain http only to this machine: anyone on the path could otherwise rewrite registry answers.
    else if (url && url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname))
      errors.rpcUrl = 'error_rpc_insecure';
  }
  if (!address) errors.address = 'error_address_required';
  else if (!/^0x[0-9a-fA-F]{40}$/.test(address)) errors.address = 'error_address_format';
  else if (!hasValidChecksum(address)) errors.address = 'error_address_checksum';
  let chain: number | undefined;
  if (chainId) {
    chain = /^\d+$/.test(chainId) ? Number(chainId) : Number.NaN;
    if (!Number.isSafeInteger(chain) || chain < 1) errors.chainId = 'error_chain_id';
  }
  if (Object.keys(errors).length > 0) return { value: undefined, errors };
  return {
    value: {
      rpcUrl,
      address,
      ...(chain === undefined ? {} : { chainId: chain }),
      ...(indexerUrl ? { indexerUrl } : {}),
    },
    errors,
  };
}

/** Whether `text` is an http(s) URL, with plain http only to this machine. */
function urlProblem(text: string): 'url' | 'insecure' | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url';
  return url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname) ? 'insecure' : undefined;
}

/**
 * One hostname per line (or separated by commas/spaces); pasted URLs keep only their hostname.
 * Returns the clean, de-duplicated list and the entries that are not hostnames.
 */
export function parseSiteList(text: string): { sites: string[]; invalid: string[] } {
  const sites: string[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    let host = entry.toLowerCase();
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) {
      try {
        host = new URL(host).hostname;
      } catch {
        invalid.push(entry);
        continue;
      }
    }
    host = host.replace(/\.$/, '');
    const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
    const labels = host.split('.');
    const ok = host.length <= 253 && labels.every((part) => label.test(part));
    if (!ok) invalid.push(entry);
    else if (!sites.includes(host)) sites.push(host);
  }
  return { sites, invalid };
}
