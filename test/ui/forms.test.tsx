// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InspectPage } from '../../extension/inspect/inspect.tsx';
import { OptionsPage } from '../../extension/options/options.tsx';
import { ExtensionFailure } from '../../extension/platform/messages.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../extension/platform/model.ts';
import { RegisterPage } from '../../extension/register/register.tsx';
import { renderEvidenceReport } from '../../src/report/html.ts';
import { fakeClient } from './fake-client.ts';
import { all, click, mount, one, settle } from './render.tsx';
import { item, tampered, verdict, verifiedAi } from './verdicts.ts';

vi.mock('../../extension/platform/client.ts', async () => (await import('./fake-client.ts')).fakeClient);
vi.mock('../../src/report/html.ts', () => ({
  renderEvidenceReport: vi.fn(() => '<!doctype html><title>report</title>'),
}));

async function type(element: HTMLElement, value: string): Promise<void> {
  await act(async () => {
    (element as HTMLInputElement).value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** What a browser fires when a person leaves a field they changed. */
async function change(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

async function choose(select: HTMLElement, value: string): Promise<void> {
  await act(async () => {
    (select as HTMLSelectElement).value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

async function chooseFiles(input: HTMLElement, files: File[]): Promise<void> {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

const lists = [
  {
    id: 'c2pa-conformance',
    name: 'C2PA trust list',
    certificates: 14,
    version: '2025-05',
    fetchedAt: '2025-06-01T07:00:00Z',
    source: 'fetched' as const,
  },
];

beforeEach(() => {
  vi.clearAllMocks();
  vi.stubGlobal(
    'URL',
    Object.assign(URL, { createObjectURL: () => 'blob:report', revokeObjectURL: () => undefined }),
  );
  fakeClient.getSettings.mockResolvedValue(DEFAULT_SETTINGS);
  fakeClient.saveSettings.mockImplementation(
    async (patch) => ({ ...DEFAULT_SETTINGS, ...patch }) as Settings,
  );
  fakeClient.getTrustStatus.mockResolvedValue(lists);
  fakeClient.getMediaItem.mockResolvedValue(undefined);
  fakeClient.listTabMedia.mockResolvedValue([]);
});

describe('inspect page', () => {
  it('has a multiple file input for the test harness', async () => {
    const root = await mount(<InspectPage search="" />);
    const input = one(root, 'input[type="file"][data-testid="file-input"]') as HTMLInputElement;
    expect(input.multiple).toBe(true);
  });

  it('checks each chosen file and shows its verdict as a media item', async () => {
    fakeClient.verifyFile.mockImplementation(async (name) =>
      item(`sha-${name}`, name, name === 'ai.jpg' ? verifiedAi : tampered, { name }),
    );
    const root = await mount(<InspectPage search="" />);
    const files = [
      new File([new Uint8Array([1, 2, 3])], 'ai.jpg', { type: 'image/jpeg' }),
      new File([new Uint8Array([9])], 't.jpg', { type: 'image/jpeg' }),
    ];
    await chooseFiles(one(root, '[data-testid="file-input"]'), files);
    expect(fakeClient.verifyFile.mock.calls.map(([name, bytes, type]) => [name, [...bytes], type])).toEqual([
      ['ai.jpg', [1, 2, 3], 'image/jpeg'],
      ['t.jpg', [9], 'image/jpeg'],
    ]);
    expect(
      all(root, '[data-testid="media-item"]').map((row) => [
        row.dataset.src,
        row.dataset.trust,
        row.dataset.origin,
      ]),
    ).toEqual([
      ['ai.jpg', 'verified', 'ai-generated'],
      ['t.jpg', 'invalid', 'human-capture'],
    ]);
    expect(one(root, '[data-testid="detail-view"]').dataset.src).toBe('ai.jpg');
  });

  it('says which file could not be checked when the runtime fails', async () => {
    fakeClient.verifyFile.mockRejectedValue(new Error('The file is larger than 200 MB.'));
    const root = await mount(<InspectPage search="" />);
    await chooseFiles(one(root, '[data-testid="file-input"]'), [
      new File([new Uint8Array([1])], 'huge.mov', { type: 'video/quicktime' }),
    ]);
    expect(root.querySelector('[data-testid="media-item"]')).toBe(null);
    expect(one(root, '.failures li').textContent).toBe(
      '“huge.mov” could not be checked: The file is larger than 200 MB.',
    );
  });

  it('writes the HTML evidence report from the checked verdicts and the trust lists in force', async () => {
    fakeClient.verifyFile.mockResolvedValue(item('sha-a', 'a.jpg', verifiedAi, { name: 'a.jpg' }));
    const root = await mount(<InspectPage search="" />);
    await chooseFiles(one(root, '[data-testid="file-input"]'), [
      new File([new Uint8Array([1])], 'a.jpg', { type: 'image/jpeg' }),
    ]);
    await click(
      all(root, '.inspect-list .actions button').find((b) => b.textContent === 'Export HTML report'),
    );
    const report = vi.mocked(renderEvidenceReport);
    expect(report).toHaveBeenCalledTimes(1);
    const input = report.mock.calls[0]![0];
    expect([input.items, input.trustLists]).toEqual([[{ name: 'a.jpg', verdict: verifiedAi }], lists]);
  });

  it('shows an item the extension already checked when opened with ?key=', async () => {
    fakeClient.getMediaItem.mockResolvedValue(item('k7', 'https://news.example/ai.jpg', verifiedAi));
    const root = await mount(<InspectPage search="?key=k7" />);
    expect(fakeClient.getMediaItem).toHaveBeenCalledWith('k7');
    expect(one(root, '[data-testid="media-item"]').dataset.trust).toBe('verified');
  });
});

describe('options page', () => {
  it('saves a switch as soon as it is flipped', async () => {
    const root = await mount(<OptionsPage />);
    await click(one(root, '[data-testid="remote-manifests"]'));
    expect(fakeClient.saveSettings).toHaveBeenCalledWith({ remoteManifests: true });
    expect(one(root, '[data-testid="options-status"]').textContent).toBe('Saved.');
  });

  it('shows each trust list with its version and source', async () => {
    const root = await mount(<OptionsPage />);
    expect(all(root, '[data-testid="trust-lists"] tbody tr').map((row) => row.textContent)).toEqual([
      'C2PA trust list142025-05Jun 1, 2025, 7:00 AM UTCDownloaded',
    ]);
  });

  it('lists accepted and rejected anchors with the reason', async () => {
    fakeClient.importTrustAnchors.mockResolvedValue({
      accepted: [{ subject: 'CN=Newsroom Root', sha256: 'ab'.repeat(32) }],
      rejected: [
        { subject: 'CN=Old Root', reason: 'expired on 2021-01-01' },
        { reason: 'not a certificate' },
      ],
    });
    const root = await mount(<OptionsPage />);
    await type(
      one(root, '[data-testid="anchors-input"]'),
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    );
    await click(all(root, 'button').find((b) => b.textContent === 'Add certificates'));
    expect(fakeClient.importTrustAnchors).toHaveBeenCalledWith(
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    );
    const result = one(root, '[data-testid="anchors-result"]');
    expect(one(result, 'p').textContent).toBe('1 accepted, 2 rejected.');
    expect(all(result, '.rejected li').map((li) => li.textContent)).toEqual([
      '✕ CN=Old Root: expired on 2021-01-01',
      '✕ Certificate 2: not a certificate',
    ]);
  });

  it('does not save a registry with an insecure RPC URL and says why', async () => {
    const root = await mount(<OptionsPage />);
    await type(one(root, '[data-testid="registry-rpcUrl"]'), 'http://rpc.example');
    await type(one(root, '[data-testid="registry-address"]'), '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    await change(one(root, '[data-testid="registry-rpcUrl"]'));
    expect(fakeClient.saveSettings).not.toHaveBeenCalled();
    const rpc = one(root, '[data-testid="registry-rpcUrl"]');
    expect(rpc.getAttribute('aria-invalid')).toBe('true');
    expect(
      root.querySelector(`#${CSS.escape(rpc.getAttribute('aria-describedby')!.split(' ')[1]!)}`)?.textContent,
    ).toBe('Use https:// — plain http is allowed only for localhost.');
  });

  it('saves a valid registry as soon as the fields make one, with no save button anywhere', async () => {
    const root = await mount(<OptionsPage />);
    await type(one(root, '[data-testid="registry-rpcUrl"]'), 'https://rpc.example');
    await change(one(root, '[data-testid="registry-rpcUrl"]'));
    expect(fakeClient.saveSettings).not.toHaveBeenCalled();
    await type(one(root, '[data-testid="registry-address"]'), '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    await change(one(root, '[data-testid="registry-address"]'));
    expect(fakeClient.saveSettings).toHaveBeenCalledWith({
      registry: { rpcUrl: 'https://rpc.example', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' },
    });
    expect(one(root, '[data-testid="options-status"]').textContent).toBe('Saved.');
    expect(all(root, 'button').map((b) => b.textContent)).not.toContain('Save');
    expect(all(root, 'button[type="submit"], form')).toEqual([]);
  });

  it('keeps trust lists and registry settings under a folded "Advanced"', async () => {
    const root = await mount(<OptionsPage />);
    const advanced = one(root, '[data-testid="advanced"]') as HTMLDetailsElement;
    expect(advanced.open).toBe(false);
    expect(one(advanced, 'summary').textContent).toBe('Advanced: trust lists and registry');
    for (const inside of [
      '[data-testid="trust-lists"]',
      '[data-testid="anchors-input"]',
      '[data-testid="registry-rpcUrl"]',
      '[data-testid="registry-address"]',
      '[data-testid="registry-chainId"]',
    ])
      expect(advanced.querySelector(inside)).not.toBeNull();
    expect(advanced.querySelector('[data-testid="overlay-ai"]')).toBeNull();
  });

  it('badges AI-derived media without credentials by default, and says the badge is a dashed "AI?"', async () => {
    const root = await mount(<OptionsPage />);
    const toggle = one(root, '[data-testid="overlay-ai"]') as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    expect(root.querySelector(`label[for="${toggle.id}"]`)?.textContent).toBe(
      'Also badge AI-derived media without credentials (“AI?”)',
    );
  });

  it('saves the per-site list as clean host names when the person leaves the field', async () => {
    const root = await mount(<OptionsPage />);
    await type(one(root, '[data-testid="sites-input"]'), 'https://Bank.example/login\nmail.example');
    await change(one(root, '[data-testid="sites-input"]'));
    expect(fakeClient.saveSettings).toHaveBeenCalledWith({ disabledSites: ['bank.example', 'mail.example'] });
  });
});

describe('register page', () => {
  const withLineage = verdict({
    trust: 'verified',
    credits: [
      {
        kind: 'ingredient',
        title: 'street.jpg',
        relationship: 'parentOf',
        trust: 'verified',
        origin: 'human-capture',
        recordId: '0x09',
        codes: [],
        credits: [],
      },
    ],
  });

  it('shows every public and permanent field, then registers title and how it was made', async () => {
    fakeClient.getRegistrationAccount.mockResolvedValue({
      address: '0xAbC0000000000000000000000000000000000001',
      unlocked: false,
    });
    fakeClient.getMediaItem.mockResolvedValue(item('k1', 'https://x.example/collage.jpg', withLineage));
    fakeClient.registerWork.mockResolvedValue({ recordId: '77', txHash: '0xabc', registrant: '0xAbC' });
    const root = await mount(<RegisterPage search="?key=k1&tabId=3" />);
    await click(one(root, '.sources input[type="checkbox"]'));
    await type(one(root, '.share-input'), '12.5');
    await type(one(root, '[data-testid="register-title"]'), 'Harbour wall');
    await type(one(root, '[data-testid="register-creator"]'), 'Mara Lindqvist');
    await choose(one(root, '[data-testid="register-how-made"]'), 'camera');
    await type(one(root, '[data-testid="register-passphrase"]'), 'correct horse');
    expect(root.querySelector('[data-testid="register-passphrase-again"]')).toBeNull();
    await click(one(root, '[data-testid="register-submit"]'));
    expect(fakeClient.registerWork).not.toHaveBeenCalled();
    const confirm = one(root, '[data-testid="register-confirm"]');
    expect(one(confirm, 'h2').textContent).toBe('Public and permanent');
    expect(
      all(confirm, 'dt').map((dt, i) => `${dt.textContent}: ${all(confirm, 'dd')[i]?.textContent}`),
    ).toEqual([
      `Fingerprint of the file (SHA-256): ${'a'.repeat(64)}`,
      'Where the file is (its web address): https://x.example/collage.jpg',
      'Title: Harbour wall',
      'Creator name: Mara Lindqvist',
      'What is it?: Media',
      'How was it made?: A photo or recording I captured (camera capture)',
      'AI training and data mining: Not allowed',
      'Credits: street.jpg — 12.5 %',
      'Look-alike fingerprint: A short perceptual hash of the picture, so copies can be found',
      'Your registration key’s address: 0xAbC0000000000000000000000000000000000001',
    ]);
    await click(one(root, '[data-testid="register-sign"]'));
    expect(fakeClient.registerWork).toHaveBeenCalledWith({
      key: 'k1',
      kind: 'media',
      creator: 'Mara Lindqvist',
      title: 'Harbour wall',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
      training: 'notAllowed',
      parents: [{ id: '0x09', bps: 1250 }],
      passphrase: 'correct horse',
    });
    const result = one(root, '[data-testid="register-result"]');
    const link = one(result, '[data-testid="register-view-record"]') as HTMLAnchorElement;
    expect(link.textContent).toBe('Registered — view your record');
    expect(link.getAttribute('href')).toBe('../sidepanel/sidepanel.html?key=k1&tabId=3');
    expect(result.textContent).not.toMatch(/ETH|wei|0xabc|Transaction/i);
    expect(root.textContent).not.toMatch(/\bETH\b|\bwei\b|Balance/);
  });

  it('lists registered works of the same page as possible sources', async () => {
    const onPage = item(
      'k2',
      'https://x.example/street.jpg',
      verdict({
        trust: 'registry-only',
        registry: [
          {
            match: 'exact',
            chainId: 1,
            registry: '0x1',
            lineage: [],
            record: {
              id: '0x55',
              kind: 'media',
              registrant: '0x2',
              creator: 'Jonas Berg',
              uri: '',
              contentHash: '00',
              time: '2024-01-01T00:00:00Z',
              revoked: false,
              disputes: [],
            },
          },
        ],
      }),
    );
    fakeClient.listTabMedia.mockResolvedValue([
      item('k1', 'https://x.example/collage.jpg', verdict({})),
      onPage,
    ]);
    const root = await mount(<RegisterPage search="?src=https%3A%2F%2Fx.example%2Fcollage.jpg&tabId=4" />);
    expect(fakeClient.listTabMedia).toHaveBeenCalledWith(4);
    expect(all(root, '.sources label').map((label) => label.textContent)).toEqual([
      'Jonas Berg: street.jpg (on this page) 0x55',
    ]);
  });

  it('shows what is missing instead of registering', async () => {
    fakeClient.getRegistrationAccount.mockResolvedValue({ address: '0x1', unlocked: false });
    const root = await mount(<RegisterPage search="?src=https%3A%2F%2Fx.example%2Fa.jpg" />);
    await click(one(root, '[data-testid="register-submit"]'));
    expect(fakeClient.registerWork).not.toHaveBeenCalled();
    expect(root.querySelector('[data-testid="register-confirm"]')).toBeNull();
    expect(all(root, '.field-error').map((p) => p.textContent)).toEqual([
      'Enter the creator’s name.',
      'Say how it was made.',
      'Enter the passphrase of your signing key.',
    ]);
  });

  it('asks for a new passphrase twice when the first registration makes the key', async () => {
    fakeClient.getRegistrationAccount.mockResolvedValue({ unlocked: false });
    const root = await mount(<RegisterPage search="?src=https%3A%2F%2Fx.example%2Fa.jpg" />);
    const first = one(root, '[data-testid="register-passphrase"]');
    expect(root.querySelector(`label[for="${first.id}"]`)?.textContent).toBe(
      'Choose a passphrase for your new signing key',
    );
    await type(one(root, '[data-testid="register-creator"]'), 'Mara');
    await choose(one(root, '[data-testid="register-how-made"]'), 'human');
    await type(first, 'one passphrase');
    await type(one(root, '[data-testid="register-passphrase-again"]'), 'another');
    await click(one(root, '[data-testid="register-submit"]'));
    expect(all(root, '.field-error').map((p) => p.textContent)).toEqual(['The two passphrases differ.']);
    await type(one(root, '[data-testid="register-passphrase-again"]'), 'one passphrase');
    await click(one(root, '[data-testid="register-submit"]'));
    expect(one(root, '[data-testid="public-account"]').textContent).toBe('The address of the key made now');
  });

  /** Fills the register form for x.example/a.jpg as Mara, submits it and signs: the page as it then stands. */
  async function registerAndSign(howMade: string, passphrase: string) {
    const root = await mount(<RegisterPage search="?src=https%3A%2F%2Fx.example%2Fa.jpg" />);
    await type(one(root, '[data-testid="register-creator"]'), 'Mara');
    await choose(one(root, '[data-testid="register-how-made"]'), howMade);
    await type(one(root, '[data-testid="register-passphrase"]'), passphrase);
    await click(one(root, '[data-testid="register-submit"]'));
    await click(one(root, '[data-testid="register-sign"]'));
    return root;
  }

  it('shows the runtime error when registration fails', async () => {
    fakeClient.getRegistrationAccount.mockResolvedValue({ address: '0x1', unlocked: false });
    fakeClient.registerWork.mockRejectedValue(new Error('Wrong passphrase.'));
    const root = await registerAndSign('ai-generated', 'nope');
    expect(one(root, '[data-testid="register-error"]').textContent).toBe('Not registered: Wrong passphrase.');
  });

  it('never leaves a photographer at "send funds": it says a relay or a funded key is needed, under Advanced', async () => {
    fakeClient.getRegistrationAccount.mockResolvedValue({ address: '0x1', unlocked: false });
    fakeClient.registerWork.mockRejectedValue(
      new ExtensionFailure(
        'Your registration account 0x1 has too little on chain 8453 to pay for this (it holds 0 wei). Send it some funds, or export the key to a wallet that has them.',
        'needs-funds',
      ),
    );
    const root = await registerAndSign('camera', 'pw');
    expect(one(root, '[data-testid="register-error"]').textContent).toBe(
      'Not registered: registration needs a relay or a key with funds on this registry’s network. Set one up in Settings, under Advanced.',
    );
  });

  it('reads the reason of a failure, not its words: a message about funds without the reason is shown as it is', async () => {
    fakeClient.getRegistrationAccount.mockResolvedValue({ address: '0x1', unlocked: false });
    fakeClient.registerWork.mockRejectedValue(new Error('The relay has too little funds in wei today.'));
    const root = await registerAndSign('camera', 'pw');
    expect(one(root, '[data-testid="register-error"]').textContent).toBe(
      'Not registered: The relay has too little funds in wei today.',
    );
  });

  it('gives the parent id field a record number as its example', async () => {
    const root = await mount(<RegisterPage search="?src=https%3A%2F%2Fx.example%2Fa.jpg" />);
    expect(one(root, '[data-testid="register-parent-id"]').getAttribute('placeholder')).toBe('e.g. 12');
  });

  it('backs the key up as a keystore file that opens with the same passphrase', async () => {
    const { Wallet } = await import('ethers');
    const key = Wallet.createRandom();
    fakeClient.exportRegistrationKey.mockResolvedValue({ address: key.address, privateKey: key.privateKey });
    const { keyBackup } = await import('../../extension/register/register.tsx');
    const backup = await keyBackup('correct horse');
    expect(fakeClient.exportRegistrationKey).toHaveBeenCalledWith('correct horse');
    expect(backup.json).not.toContain(key.privateKey.slice(2));
    const restored = await Wallet.fromEncryptedJson(backup.json, 'correct horse');
    expect([backup.fileName, restored.address]).toEqual([
      `provenance-lens-key-${key.address.slice(2, 10).toLowerCase()}.json`,
      key.address,
    ]);
  }, 60_000);
});

describe('inspect page with a repeated file', () => {
  it('keeps one row when the same file is checked twice', async () => {
    fakeClient.verifyFile.mockImplementation(async (name) => item('sha-same', name, verifiedAi, { name }));
    const root = await mount(<InspectPage search="" />);
    const input = one(root, '[data-testid="file-input"]');
    await chooseFiles(input, [new File([new Uint8Array([1])], 'a.jpg', { type: 'image/jpeg' })]);
    await chooseFiles(input, [new File([new Uint8Array([1])], 'copy of a.jpg', { type: 'image/jpeg' })]);
    expect(all(root, '[data-testid="media-item"]').map((row) => row.dataset.key)).toEqual(['sha-same']);
  });
});
