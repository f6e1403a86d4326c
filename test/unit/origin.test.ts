// Origin rules, one behaviour per test, on small manifest stores shaped as the engine reports them.
import { describe, expect, it } from 'vitest';
import { aiDerivedOf, classifyManifest, sourceTypeTerm } from '../../src/verdict/origin.ts';
import type { ManifestJson, ManifestStoreJson } from '../../src/verify/engine/protocol.ts';

const DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

function store(manifests: Record<string, ManifestJson>, active = 'active'): ManifestStoreJson {
  return { active_manifest: active, manifests, validation_state: 'Valid' };
}

function actions(...list: Record<string, unknown>[]): NonNullable<ManifestJson['assertions']> {
  return [{ label: 'c2pa.actions.v2', data: { actions: list } }];
}

const classify = (s: ManifestStoreJson) => classifyManifest(s, s.active_manifest!, 'The credential');

describe('classifyManifest', () => {
  it('reads trainedAlgorithmicMedia on created as ai-generated', () => {
    const s = store({
      active: {
        assertions: actions({
          action: 'c2pa.created',
          digitalSourceType: `${DST}trainedAlgorithmicMedia`,
          softwareAgent: { name: 'Example Diffusion' },
        }),
      },
    });
    const result = classify(s);
    expect(result.origin).toBe('ai-generated');
    expect(result.evidence[0]).toBe(
      'The credential records c2pa.created by Example Diffusion with source type trainedAlgorithmicMedia.',
    );
  });

  it('reads a generative edit on a human parent as ai-edited', () => {
    const s = store({
      active: {
        assertions: actions(
          { action: 'c2pa.opened' },
          {
            action: 'c2pa.edited',
            digitalSourceType: `${DST}compositeWithTrainedAlgorithmicMedia`,
            softwareAgent: 'Generative Fill',
          },
        ),
        ingredients: [{ title: 'photo.jpg', relationship: 'parentOf', active_manifest: 'photo' }],
      },
      photo: { assertions: actions({ action: 'c2pa.created', digitalSourceType: `${DST}digitalCapture` }) },
    });
    expect(classify(s).origin).toBe('ai-edited');
  });

  it('reads a placed AI-generated component as ai-composite', () => {
    const s = store({
      active: {
        assertions: actions({ action: 'c2pa.opened' }, { action: 'c2pa.placed' }),
        ingredients: [
          { title: 'background.jpg', relationship: 'parentOf' },
          { title: 'sky.png', relationship: 'componentOf', active_manifest: 'sky' },
        ],
      },
      sky: {
        assertions: actions({ action: 'c2pa.created', digitalSourceType: `${DST}trainedAlgorithmicMedia` }),
      },
    });
    expect(classify(s).origin).toBe('ai-composite');
  });

  it('keeps ai-generated when the AI parent was only re-signed', () => {
    const s = store({
      active: {
        assertions: [],
        ingredients: [{ title: 'gen.png', relationship: 'parentOf', active_manifest: 'gen' }],
      },
      gen: {
        assertions: actions({ action: 'c2pa.created', digitalSourceType: `${DST}trainedAlgorithmicMedia` }),
      },
    });
    expect(classify(s).origin).toBe('ai-generated');
  });

  it('never lets a human claim override an AI ingredient', () => {
    const s = store({
      active: {
        assertions: actions(
          { action: 'c2pa.created', digitalSourceType: `${DST}digitalCreation` },
          { action: 'c2pa.placed' },
        ),
        ingredients: [{ title: 'gen.png', relationship: 'componentOf', active_manifest: 'gen' }],
      },
      gen: {
        assertions: actions({ action: 'c2pa.created', digitalSourceType: `${DST}trainedAlgorithmicMedia` }),
      },
    });
    expect(classify(s).origin).toBe('ai-composite');
  });

  it('reads the vendor parameter com.adobe.digitalSourceType', () => {
    const s = store({
      active: {
        assertions: actions({
          action: 'c2pa.opened',
          parameters: { 'com.adobe.digitalSourceType': `${DST}trainedAlgorithmicMedia` },
        }),
      },
    });
    const result = classify(s);
    expect(result.origin).toBe('ai-generated');
    expect(result.sightings).toEqual([
      {
        uri: `${DST}trainedAlgorithmicMedia`,
        from: 'The credential: c2pa.opened (com.adobe.digitalSourceType)',
      },
    ]);
  });

  it('reads an explicit "AI Generated Image" statement', () => {
    const s = store({
      active: { assertions: actions({ action: 'c2pa.created', description: 'AI Generated Image' }) },
    });
    expect(classify(s).origin).toBe('ai-generated');
  });

  it('tolerates spaces around a source type URI', () => {
    expect(sourceTypeTerm(` ${DST}digitalCapture `)).toBe('digitalCapture');
    expect(sourceTypeTerm('https://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia/')).toBe(
      'algorithmicMedia',
    );
  });

  it('tells algorithmic media from AI', () => {
    const s = store({
      active: {
        assertions: actions({ action: 'c2pa.created', digitalSourceType: `${DST}algorithmicMedia` }),
      },
    });
    expect(classify(s).origin).toBe('computer-generated');
  });

  it('infers capture from a camera signer with EXIF and no actions, and says it is inferred', () => {
    const s = store({
      active: {
        assertions: [{ label: 'stds.exif' }],
        signature_info: { issuer: 'NIKON CORPORATION', common_name: 'NIKON CORPORATION' },
      },
    });
    const result = classify(s);
    expect(result.origin).toBe('human-capture');
    expect(result.evidence[0]).toContain('inferred');
  });

  it('reads real editing actions without source types as human-made', () => {
    const s = store({
      active: { assertions: actions({ action: 'c2pa.created' }, { action: 'c2pa.drawing' }) },
    });
    expect(classify(s).origin).toBe('human-made');
  });

  it('says unknown for only created/opened/watermarked', () => {
    const s = store({
      active: { assertions: actions({ action: 'c2pa.opened' }, { action: 'c2pa.watermarked' }) },
    });
    expect(classify(s).origin).toBe('unknown');
  });

  it('stops at ingredient cycles', () => {
    const s = store({
      active: {
        assertions: [],
        ingredients: [{ title: 'b', relationship: 'parentOf', active_manifest: 'b' }],
      },
      b: {
        assertions: [],
        ingredients: [{ title: 'a', relationship: 'parentOf', active_manifest: 'active' }],
      },
    });
    expect(classify(s).origin).toBe('unknown');
  });

  it('maps origins to aiDerived', () => {
    expect(aiDerivedOf('ai-edited')).toBe(true);
    expect(aiDerivedOf('human-capture')).toBe(false);
    expect(aiDerivedOf('unknown')).toBeNull();
  });

  it('names the software agent of the action that set the origin', () => {
    const s = store({
      active: {
        assertions: actions({
          action: 'c2pa.created',
          digitalSourceType: `${DST}trainedAlgorithmicMedia`,
          softwareAgent: { name: 'Example Diffusion' },
        }),
      },
    });
    expect(classify(s).generator).toBe('Example Diffusion');
  });

  it('names the generator of an AI parent that was only re-signed', () => {
    const s = store({
      active: {
        assertions: [],
        ingredients: [{ title: 'gen.png', relationship: 'parentOf', active_manifest: 'gen' }],
      },
      gen: {
        assertions: actions({
          action: 'c2pa.created',
          digitalSourceType: `${DST}trainedAlgorithmicMedia`,
          softwareAgent: 'DALL·E',
        }),
      },
    });
    expect(classify(s).generator).toBe('DALL·E');
  });
});
