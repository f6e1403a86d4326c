import { describe, expect, it } from 'vitest';
import { hasValidChecksum, parseSiteList, validateRegistry } from '../../extension/options/validate.ts';
import { HOW_MADE, isRecordId, validateRegistration } from '../../extension/register/validate.ts';

const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'; // EIP-55 test vector

describe('registry settings', () => {
  it('turns registry look-ups off when every field is empty', () => {
    expect(validateRegistry({ rpcUrl: ' ', address: '', chainId: '' })).toEqual({ value: null, errors: {} });
  });

  it('accepts an https node, a checksummed address and a chain id', () => {
    expect(validateRegistry({ rpcUrl: 'https://rpc.example', address: ADDRESS, chainId: '8453' })).toEqual({
      value: { rpcUrl: 'https://rpc.example', address: ADDRESS, chainId: 8453 },
      errors: {},
    });
  });

  it('allows plain http only to this machine', () => {
    expect(
      validateRegistry({ rpcUrl: 'http://127.0.0.1:8545', address: ADDRESS, chainId: '' }).errors,
    ).toEqual({});
    expect(validateRegistry({ rpcUrl: 'http://rpc.example', address: ADDRESS, chainId: '' }).errors).toEqual({
      rpcUrl: 'error_rpc_insecure',
    });
  });

  it('names each wrong field', () => {
    expect(validateRegistry({ rpcUrl: 'ftp://x', address: '0x123', chainId: '0' })).toEqual({
      value: undefined,
      errors: { rpcUrl: 'error_rpc_url', address: 'error_address_format', chainId: 'error_chain_id' },
    });
    expect(validateRegistry({ rpcUrl: '', address: '', chainId: '5' }).errors).toEqual({
      rpcUrl: 'error_rpc_required',
      address: 'error_address_required',
    });
  });

  it('takes an optional indexer URL, https or this machine only', () => {
    const base = { rpcUrl: 'https://rpc.example', address: ADDRESS, chainId: '' };
    expect(validateRegistry({ ...base, indexerUrl: ' http://127.0.0.1:42069 ' })).toEqual({
      value: { rpcUrl: 'https://rpc.example', address: ADDRESS, indexerUrl: 'http://127.0.0.1:42069' },
      errors: {},
    });
    expect(validateRegistry({ ...base, indexerUrl: 'http://index.example' }).errors).toEqual({
      indexerUrl: 'error_indexer_insecure',
    });
    expect(validateRegistry({ ...base, indexerUrl: 'index.example' }).errors).toEqual({
      indexerUrl: 'error_indexer_url',
    });
  });

  it('rejects a mixed-case address whose checksum is wrong', () => {
    const typo = ADDRESS.replace('aAeb', 'AAeb');
    expect(hasValidChecksum(ADDRESS)).toBe(true);
    expect(hasValidChecksum(ADDRESS.toLowerCase())).toBe(true);
    expect(hasValidChecksum(typo)).toBe(false);
    expect(validateRegistry({ rpcUrl: 'https://rpc.example', address: typo, chainId: '' }).errors).toEqual({
      address: 'error_address_checksum',
    });
  });
});

describe('site list', () => {
  it('keeps host names, reduces pasted URLs to their host and drops duplicates', () => {
    expect(parseSiteList('Example.com\nhttps://news.example.org/a?b=1, example.com  bank.example.')).toEqual({
      sites: ['example.com', 'news.example.org', 'bank.example'],
      invalid: [],
    });
  });

  it('reports entries that are not host names', () => {
    expect(parseSiteList('good.example bad_host! -x.example').invalid).toEqual(['bad_host!', '-x.example']);
  });
});

describe('registration form', () => {
  const form = {
    creator: 'Mara Lindqvist',
    kind: 'media',
    howMade: 'camera',
    training: 'notAllowed',
    parents: [],
    passphrase: 'pw',
  };

  it('accepts a complete form and converts shares to numbers', () => {
    expect(
      validateRegistration({
        ...form,
        parents: [
          { id: '0x11', bps: '2500' },
          { id: '42', bps: '1' },
        ],
      }),
    ).toEqual({
      errors: [],
      parents: [
        { id: '0x11', bps: 2500 },
        { id: '42', bps: 1 },
      ],
    });
  });

  it('refuses shares that add up to more than 100 %', () => {
    const result = validateRegistration({
      ...form,
      parents: [
        { id: '0x1', bps: '6000' },
        { id: '0x2', bps: '5000' },
      ],
    });
    expect(result.errors).toEqual([{ field: 'parents', error: 'error_shares_total', detail: '11000' }]);
  });

  it('names a bad id, a duplicate and a bad share', () => {
    const result = validateRegistration({
      ...form,
      parents: [
        { id: 'abc', bps: '100' },
        { id: '0xAB', bps: '100' },
        { id: '0xab', bps: '100' },
        { id: '0x1', bps: '0' },
      ],
    });
    expect(result.errors).toEqual([
      { field: 'parents', error: 'error_parent_id', detail: 'abc' },
      { field: 'parents', error: 'error_parent_duplicate', detail: '0xab' },
      { field: 'parents', error: 'error_parent_share', detail: '0x1' },
    ]);
  });

  it('requires a creator and a passphrase', () => {
    expect(
      validateRegistration({ ...form, creator: ' ', passphrase: '' }).errors.map((e) => e.error),
    ).toEqual(['error_creator_required', 'error_passphrase_required']);
  });

  it('asks how a picture was made, but not how a dataset or model was', () => {
    expect(validateRegistration({ ...form, howMade: '' }).errors).toEqual([
      { field: 'howMade', error: 'error_how_made' },
    ]);
    expect(validateRegistration({ ...form, kind: 'dataset', howMade: '' }).errors).toEqual([]);
  });

  it('records how it was made as the IPTC digital source type', () => {
    expect(HOW_MADE).toEqual({
      camera: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
      human: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCreation',
      'ai-assisted': 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      'ai-generated': 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
  });

  it('wants a new passphrase typed twice alike', () => {
    expect(validateRegistration({ ...form, passphraseAgain: 'pw ' }).errors).toEqual([
      { field: 'passphraseAgain', error: 'error_passphrase_mismatch' },
    ]);
    expect(validateRegistration({ ...form, passphraseAgain: 'pw' }).errors).toEqual([]);
  });

  it('recognises record ids', () => {
    expect([isRecordId('0x8c1e'), isRecordId('123'), isRecordId('0x'), isRecordId('12a')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
