// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InspectPage } from '../../extension/inspect/inspect.tsx';
import { OptionsPage } from '../../extension/options/options.tsx';
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
    await click(
      all(root, 'button[type="submit"]').find((b) =>
        b.closest('form')?.querySelector('[data-testid="registry-rpcUrl"]'),
      ),
    );
    expect(fakeClient.saveSettings).not.toHaveBeenCalled();
    const rpc = one(root, '[data-testid="registry-rpcUrl"]');
    expect(rpc.getAttribute('aria-invalid')).toBe('true');
    expect(
      root.querySelector(`#${CSS.escape(rpc.getAttribute('aria-describedby')!.split(' ')[1]!)}`)?.textContent,
    ).toBe('Use https:// — plain http is allowed only for localhost.');
  });

  it('saves the per-site list as clean host names', async () => {
    const root = await mount(<OptionsPage />);
    await type(one(root, '[data-testid="sites-input"]'), 'https://Bank.example/login\nmail.example');
    await click(
      all(root, 'button[type="submit"]').find((b) =>
        b.closest('form')?.querySelector('[data-testid="sites-input"]'),
      ),
    );
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

  it('offers the sources the media credits and registers with the chosen shares', async () => {
    fakeClient.getMediaItem.mockResolvedValue(item('k1', 'https://x.example/collage.jpg', withLineage));
    fakeClient.registerWork.mockResolvedValue({ recordId: '0x77', txHash: '0xabc' });
    const root = await mount(<RegisterPage search="?key=k1" />);
    await click(one(root, '.sources input[type="checkbox"]'));
    await type(one(root, '.share-input'), '12.5');
    await type(one(root, '[data-testid="register-creator"]'), 'Mara Lindqvist');
    await type(one(root, '[data-testid="register-passphrase"]'), 'correct horse');
    await click(one(root, '[data-testid="register-submit"]'));
    expect(fakeClient.registerWork).toHaveBeenCalledWith({
      key: 'k1',
      kind: 'media',
      creator: 'Mara Lindqvist',
      training: 'notAllowed',
      parents: [{ id: '0x09', bps: 1250 }],
      passphrase: 'correct horse',
    });
    expect(all(root, '[data-testid="register-result"] dd').map((dd) => dd.textContent)).toEqual([
      '0x77',
      '0xabc',
    ]);
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
    const root = await mount(<RegisterPage search="?src=https%3A%2F%2Fx.example%2Fa.jpg" />);
    await click(one(root, '[data-testid="register-submit"]'));
    expect(fakeClient.registerWork).not.toHaveBeenCalled();
    expect(all(root, '.field-error').map((p) => p.textContent)).toEqual([
      'Enter the creator’s name.',
      'Enter the passphrase of your signing key.',
    ]);
  });

  it('shows the runtime error when registration fails', async () => {
    fakeClient.registerWork.mockRejectedValue(new Error('Wrong passphrase.'));
    const root = await mount(<RegisterPage search="?src=https%3A%2F%2Fx.example%2Fa.jpg" />);
    await type(one(root, '[data-testid="register-creator"]'), 'Mara');
    await type(one(root, '[data-testid="register-passphrase"]'), 'nope');
    await click(one(root, '[data-testid="register-submit"]'));
    expect(one(root, '[data-testid="register-error"]').textContent).toBe('Not registered: Wrong passphrase.');
  });
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
