// The extension's registration key at rest: what storage holds is sealed under the passphrase (no secret
// bytes in any form), a wrong passphrase or a tampered record does not open it, and only the address shows.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const storage = new Map<string, unknown>();
vi.mock('../../extension/platform/background.ts', () => ({
  readLocal: async (key: string) => storage.get(key),
  writeLocal: async (key: string, value: unknown) => {
    storage.set(key, structuredClone(value));
  },
}));

const keys = await import('../../extension/background/keys.ts');
const PASSPHRASE = 'correct horse battery';

beforeEach(() => {
  storage.clear();
  keys.lockKey();
});

describe('registration key store', () => {
  it('keeps no form of the secret in storage, only the sealed record and the address', async () => {
    const key = await keys.unlockKey(PASSPHRASE);
    const stored = JSON.stringify([...storage.entries()]);
    const hex = Buffer.from(key.secret).toString('hex');
    expect(stored).not.toContain(hex);
    expect(stored).not.toContain(Buffer.from(key.secret).toString('base64'));
    expect(stored).not.toContain(PASSPHRASE);
    expect(stored).toContain(key.address);
    const sealed = storage.get('registrationKey') as {
      kdf: { iterations: number };
      cipher: { name: string };
    };
    expect([sealed.kdf.iterations, sealed.cipher.name]).toEqual([600_000, 'AES-GCM']);
  }, 30_000);

  it('does not open with a wrong passphrase', async () => {
    await keys.unlockKey(PASSPHRASE);
    keys.lockKey();
    await expect(keys.unlockKey('wrong passphrase!')).rejects.toThrow(
      'That passphrase does not unlock your registration key.',
    );
  }, 30_000);

  it('does not open a record whose address was swapped', async () => {
    await keys.unlockKey(PASSPHRASE);
    keys.lockKey();
    const sealed = storage.get('registrationKey') as { address: string };
    storage.set('registrationKey', { ...sealed, address: '0x000000000000000000000000000000000000dEaD' });
    await expect(keys.unlockKey(PASSPHRASE)).rejects.toThrow(
      'That passphrase does not unlock your registration key.',
    );
  }, 30_000);

  it('refuses a short passphrase for a new key', async () => {
    await expect(keys.unlockKey('short')).rejects.toThrow(
      'Use a passphrase of at least 8 characters: it protects your registration key.',
    );
    expect(storage.size).toBe(0);
  });

  it('reports only the address and whether it is unlocked', async () => {
    const key = await keys.unlockKey(PASSPHRASE);
    expect(await keys.keyStatus()).toEqual({ address: key.address, unlocked: true });
    keys.lockKey();
    expect(await keys.keyStatus()).toEqual({ address: key.address, unlocked: false });
  }, 30_000);
});
