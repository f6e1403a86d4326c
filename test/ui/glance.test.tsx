// @vitest-environment happy-dom
// What a person sees first: the on-page badge, the toolbar count, the list row, the detail view's lead,
// "Why" in plain words with the technical part folded, and a lineage a person can read.
import { act } from 'preact/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { badgeLook, hintFor } from '../../extension/background/page-hints.ts';
import { badgeFor } from '../../extension/background/toolbar-badge.ts';
import { createOverlay } from '../../extension/content/overlay.ts';
import { pageOrderKey } from '../../extension/content/page-order.ts';
import type { OverlayHint } from '../../extension/platform/messages.ts';
import { DEFAULT_SETTINGS, type MediaItem } from '../../extension/platform/model.ts';
import { Popup } from '../../extension/popup/popup.tsx';
import { DetailView } from '../../extension/ui/detail-view.tsx';
import { MediaList, summaryLine } from '../../extension/ui/media-list.tsx';
import { payoutSentence, payoutsOf } from '../../extension/ui/registry-section.tsx';
import type { Credit, RegistryMatch, Verdict } from '../../src/verdict/types.ts';
import { fakeClient } from './fake-client.ts';
import { all, click, mount, one, settle } from './render.tsx';
import { item, tampered, verdict, verifiedAi } from './verdicts.ts';

vi.mock('../../extension/platform/client.ts', async () => (await import('./fake-client.ts')).fakeClient);

const zone = process.env.TZ;
beforeAll(() => {
  // Times in "Why" are the reader's local time: pin a zone that is not UTC.
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  process.env.TZ = zone;
});

beforeEach(() => {
  vi.clearAllMocks();
  fakeClient.getSettings.mockResolvedValue(DEFAULT_SETTINGS);
  fakeClient.watchTabMedia.mockImplementation(() => () => undefined);
  fakeClient.getRegistrationAccount.mockResolvedValue({ unlocked: false });
});

/** A hint as the background words it. */
function hint(overrides: Partial<OverlayHint>): OverlayHint {
  return hintFor({
    src: 'https://a.example/x.jpg',
    key: 'k',
    trust: 'none',
    origin: 'unknown',
    aiDerived: null,
    originProven: false,
    label: '',
    ...overrides,
  });
}

const tamperedAi: Verdict = { ...tampered, origin: 'ai-generated', aiDerived: true };

const untrustedCapture: Verdict = verdict({
  trust: 'untrusted',
  origin: 'human-capture',
  aiDerived: false,
  signer: {
    name: 'Unlisted Studio',
    issuer: 'Unlisted CA',
    time: '2025-06-01T10:00:00Z',
    timeSource: 'claim',
  },
  originProven: true,
});

function credit(title: string, recordId: string, overrides: Partial<Credit>): Credit {
  return {
    kind: 'registry',
    title,
    relationship: 'GeneratedBy',
    trust: 'registry-only',
    origin: 'unknown',
    recordId,
    signer: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    codes: [],
    credits: [],
    ...overrides,
  };
}

const dataset = credit('Open Landscapes 2024', '1', {
  relationship: 'TrainedOn',
  shareBps: 3000,
  registryKind: 'dataset',
});
const model = credit('Landscape Diffusion v1', '2', {
  shareBps: 2500,
  registryKind: 'model',
  credits: [dataset],
});
const app = credit('Landscape Studio', '3', {
  shareBps: 500,
  registryKind: 'application',
  credits: [{ ...model, relationship: 'ComponentOf', shareBps: 2000 }],
});

function registryMatch(
  overrides: Partial<RegistryMatch> = {},
  record: Partial<RegistryMatch['record']> = {},
) {
  return {
    match: 'exact',
    chainId: 31337,
    registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    lineage: [],
    record: {
      id: '4',
      kind: 'output',
      registrant: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
      creator: 'Landscape Studio user',
      uri: '',
      contentHash: 'ab'.repeat(32),
      training: 'notAllowed',
      time: '2026-12-05T07:32:00Z',
      revoked: false,
      disputes: [],
      ...record,
    },
    ...overrides,
  } satisfies RegistryMatch;
}

const output: Verdict = verdict({
  trust: 'registry-only',
  origin: 'ai-generated',
  aiDerived: true,
  registry: [registryMatch({ lineage: [model, app], aiLineage: true })],
  evidence: [
    'Registered on chain 31337 by Landscape Studio user on 2026-12-05 (exact content hash, record #4).',
  ],
});

const recoveredPhoto: Verdict = verdict({
  trust: 'recovered',
  origin: 'human-capture',
  aiDerived: false,
  registry: [
    registryMatch(
      { match: 'near', distance: 0, threshold: 12, algorithm: 'pdq64' },
      { id: '6', kind: 'media', creator: 'Jane Doe', title: 'Harbour at dawn' },
    ),
  ],
  evidence: ['A close visual match … pdq64 distance 0 of at most 12 (record #6 on chain 31337).'],
});

describe('on-page badge', () => {
  it('marks an unproven AI signal with a dashed "AI?" and says it is unproven', () => {
    const look = badgeLook(hint({ trust: 'metadata-only', origin: 'ai-generated', aiDerived: true }));
    expect(look).toEqual({
      marks: [{ tone: 'ai-unproven', glyph: 'AI?' }],
      words: 'Possibly AI-derived: an AI signal nothing trusted backs.',
    });
  });

  it('gives a recovered copy its own glyph and a tooltip that is true', () => {
    expect(badgeLook(hint({ trust: 'recovered', origin: 'human-capture', aiDerived: false }))).toEqual({
      marks: [{ tone: 'recovered', glyph: '↺' }],
      words: 'No credentials in this copy; it matches a registered original.',
    });
  });

  it('shows an invalid credential and its AI claim together', () => {
    const look = badgeLook(hint({ trust: 'invalid', origin: 'ai-generated', aiDerived: true }));
    expect(look.marks).toEqual([
      { tone: 'invalid', glyph: '!' },
      { tone: 'ai-unproven', glyph: 'AI?' },
    ]);
    expect(look.words).toBe(
      'Content Credentials that fail validation: its origin cannot be trusted. Possibly AI-derived: an AI signal nothing trusted backs.',
    );
  });

  it('tells a trusted signer from an unknown one by glyph and shape, and proves AI only for the trusted', () => {
    const trusted = badgeLook(
      hint({ trust: 'verified', origin: 'ai-generated', aiDerived: true, originProven: true }),
    );
    const unknown = badgeLook(
      hint({ trust: 'untrusted', origin: 'ai-generated', aiDerived: true, originProven: true }),
    );
    expect([trusted.marks, unknown.marks]).toEqual([
      [
        { tone: 'verified', glyph: '✓' },
        { tone: 'ai', glyph: 'AI' },
      ],
      [
        { tone: 'untrusted', glyph: '?' },
        { tone: 'ai-unproven', glyph: 'AI?' },
      ],
    ]);
  });

  it('puts a focusable, named badge right after its medium, in a closed shadow root', async () => {
    document.body.innerHTML = '<p><img id="a" src="a.jpg"><img id="b" src="b.jpg"></p>';
    const roots: ShadowRoot[] = [];
    const attach = HTMLElement.prototype.attachShadow;
    const spy = vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (
      this: HTMLElement,
      init: ShadowRootInit,
    ) {
      const root = attach.call(this, init);
      roots.push(root);
      return root;
    });
    const opened: string[] = [];
    const overlay = createOverlay((src) => opened.push(src));
    const a = document.getElementById('a')!;
    overlay.show([
      {
        element: a,
        hint: hint({ src: 'a.jpg', trust: 'metadata-only', origin: 'ai-generated', aiDerived: true }),
      },
    ]);
    spy.mockRestore();
    const host = a.nextElementSibling as HTMLElement;
    const button = roots[0]?.querySelector('button');
    expect({
      host: host.localName,
      next: host.nextElementSibling?.id,
      open: host.shadowRoot,
      label: button?.getAttribute('aria-label'),
      glyphs: [...(button?.querySelectorAll('.mark') ?? [])].map((mark) => mark.textContent),
      dashed: button?.querySelector('.mark')?.className,
    }).toEqual({
      host: 'provenance-lens-overlay',
      next: 'b',
      open: null,
      label: 'Possibly AI-derived: an AI signal nothing trusted backs. Open details in Provenance Lens',
      glyphs: ['AI?'],
      dashed: 'mark ai-unproven',
    });
    button?.focus();
    expect(roots[0]?.activeElement).toBe(button);
    await act(async () => button?.click());
    expect(opened).toEqual(['a.jpg']);
    overlay.clear();
    expect(document.querySelector('provenance-lens-overlay')).toBeNull();
  });

  it('keys elements in document order, whatever order they were found in', () => {
    document.body.innerHTML =
      '<main><figure><img id="one"></figure><div><span><img id="two"></span></div></main>';
    const one = pageOrderKey(document.getElementById('one')!);
    const two = pageOrderKey(document.getElementById('two')!);
    expect([two < one, one < two]).toEqual([false, true]);
  });
});

describe('toolbar count', () => {
  it('equals the popup summary’s count of media with Content Credentials', () => {
    const items: MediaItem[] = [
      item('a', 'https://a.example/1.jpg', verifiedAi),
      item('b', 'https://a.example/2.jpg', tampered),
      item('c', 'https://a.example/3.jpg', recoveredPhoto),
      item('d', 'https://a.example/4.jpg', output),
    ];
    expect([badgeFor(items).text, badgeFor(items).title, summaryLine(items)]).toEqual([
      '2',
      '2 with Content Credentials; some fail validation',
      '4 media · 2 with Content Credentials · 2 AI-derived · 1 invalid · 1 recovered by fingerprint',
    ]);
  });
});

describe('list', () => {
  it('names the trust result in each row’s accessible name and leads with what it means', async () => {
    const root = await mount(
      <MediaList
        items={[item('k2', 'https://a.example/t.jpg', tampered)]}
        onOpen={() => undefined}
        emptyText=""
      />,
    );
    expect(one(root, '.media-row-button').getAttribute('aria-label')).toBe(
      't.jpg: Invalid credential. Changed after it was signed — its origin cannot be trusted. Show details',
    );
    expect(all(root, '.badge').map((badge) => [badge.dataset.badge, badge.textContent])).toEqual([
      ['origin', 'Camera captureclaimed'],
      ['trust', '✕Invalid credential'],
    ]);
  });

  it('follows the page order, and keeps the arrival order of items without one', async () => {
    const items = [
      item('late', 'https://a.example/late.jpg', verifiedAi, { order: '0001.0005' }),
      item('file', 'dropped.jpg', verifiedAi),
      item('first', 'https://a.example/first.jpg', verifiedAi, { order: '0001.0002' }),
      item('middle', 'https://a.example/middle.jpg', tampered, { order: '0001.0003' }),
      item('file2', 'dropped2.jpg', verifiedAi),
    ];
    const root = await mount(<MediaList items={items} emptyText="" />);
    expect(all(root, '[data-testid="media-item"]').map((row) => row.dataset.key)).toEqual([
      'first',
      'middle',
      'late',
      'file',
      'file2',
    ]);
  });

  it('goes back to the list on Escape in the popup', async () => {
    fakeClient.listTabMedia.mockResolvedValue([item('k2', 'https://a.example/t.jpg', tampered)]);
    const root = await mount(<Popup search="?tabId=7" />);
    await click(one(root, '.media-row-button'));
    expect(root.querySelector('[data-testid="detail-view"]')).not.toBeNull();
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    await settle();
    expect([
      root.querySelector('[data-testid="detail-view"]'),
      all(root, '[data-testid="media-item"]').length,
    ]).toEqual([null, 1]);
    expect(document.activeElement).toBe(one(root, '.media-row-button'));
  });
});

describe('detail view of an invalid file', () => {
  it('leads with what the trust result means, origin chip first and marked claimed', async () => {
    const root = await mount(<DetailView item={item('k2', 'https://a.example/t.jpg', tampered)} />);
    expect(one(root, '.detail-title h2').textContent).toBe(
      'Changed after it was signed — its origin cannot be trusted',
    );
    expect(all(root, '.detail-title .badge').map((badge) => badge.textContent)).toEqual([
      'Camera captureclaimed',
      '✕Invalid credential',
    ]);
    expect(one(root, '[data-testid="ai-derived"]').textContent).toBe(
      'Cannot tell: the credential that would say is broken',
    );
  });

  it('says why in plain sentences with local time, and folds everything technical away', async () => {
    const root = await mount(<DetailView item={item('k2', 'https://a.example/t.jpg', tamperedAi)} />);
    expect(all(root, '[data-testid="why"] li').map((li) => li.textContent)).toEqual([
      'Signed by Example Camera Co on Nov 2, 2024, 9:00 AM GMT+1, by the signer’s own clock.',
      'The content was changed after signing, so nothing the credential says about its origin can be relied on.',
    ]);
    const technical = one(root, '[data-testid="technical-details"]') as HTMLDetailsElement;
    expect([technical.open, one(technical, 'summary').textContent]).toEqual([false, 'Technical details']);
    expect(all(technical, '[data-testid="code-item"]').map((code) => code.dataset.code)).toEqual([
      'assertion.dataHash.mismatch',
      'claimSignature.validated',
    ]);
    expect(all(technical, '[data-testid="evidence"] li').map((li) => li.textContent)).toEqual(
      tampered.evidence,
    );
    const outside = [
      ...root.querySelectorAll('[data-testid="detail-view"] > :not([data-testid="technical-details"])'),
    ]
      .map((el) => el.textContent)
      .join(' ');
    expect(outside).not.toMatch(/c2pa\.|dataHash|trainedAlgorithmicMedia|\d{4}-\d\d-\d\dT|es256|pdq/);
    expect(outside.match(/changed after/gi)).toHaveLength(2); // the headline and one "Why" sentence
  });
});

describe('contradictions removed', () => {
  it('never calls an untrusted signer’s origin proven', async () => {
    const root = await mount(<DetailView item={item('k3', 'https://a.example/u.jpg', untrustedCapture)} />);
    expect([
      one(root, '.detail-title h2').textContent,
      one(root, '[data-testid="origin-proven"]').textContent,
      root.textContent?.includes('Proven:'),
    ]).toEqual([
      'Captured with a camera or recorder — says a signer on no trust list',
      'Not proven: the signer is on no trust list, so this is the signer’s claim.',
      false,
    ]);
  });

  it('does not say a credential was found for a copy whose record has none', async () => {
    const root = await mount(<DetailView item={item('k4', 'https://a.example/copy.jpg', recoveredPhoto)} />);
    expect(root.textContent).not.toMatch(/was found/);
    expect(all(root, '[data-testid="why"] li').map((li) => li.textContent)).toEqual([
      'It looks like a work registered by Jane Doe on Dec 5, 2026, 8:32 AM GMT+1.',
      'The original was registered without a credential, so only its registry record speaks for it.',
    ]);
    expect(one(root, '[data-testid="support-explained"]').textContent).toBe(
      'This work credits no registered sources: the whole payment goes to the account that registered it (Jane Doe).',
    );
  });
});

describe('lineage', () => {
  it('names a work reached twice once with its sources, and says what the shares are of', async () => {
    const root = await mount(<DetailView item={item('k5', 'https://a.example/out.png', output)} />);
    const nodes = all(root, '[data-testid="lineage-node"]').map((li) => ({
      line: one(li, '.credit-line').textContent,
      repeated: li.dataset.repeated === 'true',
    }));
    expect(nodes).toEqual([
      { line: 'Generated byLandscape Diffusion v1AI model25 %', repeated: false },
      { line: 'Trained onOpen Landscapes 2024Dataset30 %', repeated: false },
      { line: 'Generated byLandscape StudioApplication5 %', repeated: false },
      { line: 'Built withLandscape Diffusion v1AI model20 %(shown above)', repeated: true },
    ]);
    expect(one(root, '[data-testid="lineage-payout"]').textContent).toBe(
      'If you pay 1, Landscape Diffusion v1 gets 0.182, Open Landscapes 2024 0.078, Landscape Studio 0.04, and the registrant of this work keeps 0.7.',
    );
    expect(one(root, '[data-testid="support-explained"]').textContent).toBe(
      'A payment is split across this lineage as shown above.',
    );
  });

  it('adds up to exactly what is paid', () => {
    const payouts = payoutsOf(output.registry![0]!);
    expect(payouts.map((p) => [p.recordId, Number(p.keeps.toFixed(6))])).toEqual([
      ['4', 0.7],
      ['2', 0.182],
      ['1', 0.078],
      ['3', 0.04],
    ]);
    expect(payouts.reduce((sum, p) => sum + p.keeps, 0)).toBeCloseTo(1, 12);
    expect(payoutSentence({ ...output.registry![0]!, lineage: [] })).toBeUndefined();
  });

  it('keeps addresses and record numbers behind a toggle', async () => {
    const root = await mount(<DetailView item={item('k5', 'https://a.example/out.png', output)} />);
    const record = one(root, '[data-testid="registry-record"]');
    expect([
      record.textContent?.includes('0x'),
      all(record, '[data-testid="lineage-address"]').length,
    ]).toEqual([false, 0]);
    const toggle = one(record, '[data-testid="record-details-toggle"]');
    expect([toggle.textContent, toggle.getAttribute('aria-pressed')]).toEqual([
      'Record numbers and addresses',
      'false',
    ]);
    await click(toggle);
    expect(one(record, '[data-testid="record-registrant"]').textContent).toBe(
      '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
    );
    expect(all(record, '[data-testid="lineage-address"]').length).toBe(4);
  });
});
