// Signing media: the manifest written from a ManifestInput, and what a reader gets back.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readerSettings } from '../../demo/media/generate.ts';
import { coseSigner, type SignerDefinition } from '../../src/sign/cose-signer.ts';
import { initNodeEngine } from '../../src/sign/node-engine.ts';
import {
  digitalSourceTypeUri,
  type ManifestInput,
  manifestDefinition,
  signMedia,
} from '../../src/sign/sign-media.ts';
import { createTestAuthority, type TestAuthority } from '../../src/sign/test-authority.ts';
import { WasmReader, wasmBlob } from '../../src/verify/engine/wasm.ts';
import { assertionData, readBack } from './read-back.ts';

let authority: TestAuthority;
let signer: SignerDefinition;
let jpeg: Uint8Array;
let png: Uint8Array;

beforeAll(async () => {
  initNodeEngine();
  authority = await createTestAuthority({ name: 'Sign Media Test', seed: 'sign-media' });
  signer = coseSigner({ certChainDer: authority.certChainDer, privateKey: authority.signer.privateKey });
  const image = sharp({
    create: { width: 96, height: 64, channels: 3, background: { r: 40, g: 120, b: 200 } },
  });
  jpeg = new Uint8Array(await image.clone().jpeg().toBuffer());
  png = new Uint8Array(await image.clone().png().toBuffer());
});

describe('digitalSourceTypeUri', () => {
  it('expands an IPTC short name to its URI', () => {
    expect(digitalSourceTypeUri('trainedAlgorithmicMedia')).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    );
  });

  it('keeps a full URI as it is', () => {
    expect(digitalSourceTypeUri('https://example.com/type/x')).toBe('https://example.com/type/x');
  });
});

describe('manifestDefinition', () => {
  it('writes actions v2 with source type URIs, software agents and ingredient references', () => {
    const definition = manifestDefinition(
      {
        title: 'edit.jpg',
        actions: [
          { action: 'c2pa.opened', ingredients: ['parent'] },
          {
            action: 'c2pa.edited',
            digitalSourceType: 'compositeWithTrainedAlgorithmicMedia',
            softwareAgent: 'Example Editor',
            description: 'Generative fill',
            when: '2025-01-01T00:00:00Z',
            parameters: { name: 'fill' },
          },
        ],
      },
      'image/jpeg',
    );
    expect(definition).toEqual({
      title: 'edit.jpg',
      format: 'image/jpeg',
      claim_generator_info: [{ name: 'Provenance Lens', version: '0.1.0' }],
      assertions: [
        {
          label: 'c2pa.actions.v2',
          data: {
            actions: [
              { action: 'c2pa.opened', parameters: { ingredientIds: ['parent'] } },
              {
                action: 'c2pa.edited',
                digitalSourceType:
                  'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
                softwareAgent: { name: 'Example Editor' },
                description: 'Generative fill',
                when: '2025-01-01T00:00:00Z',
                parameters: { name: 'fill' },
              },
            ],
          },
        },
      ],
    });
  });

  it('writes creator, soft binding and training-mining assertions', () => {
    const definition = manifestDefinition(
      {
        title: 'mine.png',
        claimGenerator: { name: 'My App', version: '2' },
        creator: 'Ada Example',
        softBindings: [{ alg: 'pdq', value: 'f'.repeat(64) }],
        trainingMining: { aiGenerativeTraining: 'notAllowed', dataMining: 'constrained' },
        assertions: [{ label: 'com.example.note', data: { note: 'hi' } }],
      },
      'image/png',
    );
    expect(definition.claim_generator_info).toEqual([{ name: 'My App', version: '2' }]);
    expect(definition.assertions).toEqual([
      {
        label: 'stds.schema-org.CreativeWork',
        data: {
          '@context': 'http://schema.org/',
          '@type': 'CreativeWork',
          author: [{ '@type': 'Person', name: 'Ada Example' }],
        },
      },
      { label: 'c2pa.soft-binding', data: { alg: 'pdq', blocks: [{ scope: {}, value: 'f'.repeat(64) }] } },
      {
        label: 'cawg.training-mining',
        data: {
          entries: {
            'cawg.ai_generative_training': { use: 'notAllowed' },
            'cawg.data_mining': { use: 'constrained' },
          },
        },
      },
      { label: 'com.example.note', data: { note: 'hi' } },
    ]);
  });

  it('rejects a manifest without a title', () => {
    expect(() => manifestDefinition({ title: ' ' }, 'image/jpeg')).toThrow(
      'signMedia: the manifest needs a title',
    );
  });

  it('rejects a soft binding without a value', () => {
    expect(() =>
      manifestDefinition({ title: 'x', softBindings: [{ alg: 'pdq', value: '' }] }, 'image/jpeg'),
    ).toThrow('signMedia: a soft binding needs alg and value');
  });
});

describe('signMedia', () => {
  const created: ManifestInput = {
    title: 'drawing.png',
    actions: [
      { action: 'c2pa.created', digitalSourceType: 'digitalCreation', softwareAgent: 'Example Paint' },
    ],
  };

  it('signs a PNG that reads back trusted with its CA as anchor', async () => {
    const signed = await signMedia({ bytes: png, mediaType: 'image/png', manifest: created, signer });
    const read = await readBack(signed, 'image/png', readerSettings(authority.ca.certificatePem));
    expect({ state: read.state, failureCodes: read.failureCodes }).toEqual({
      state: 'Trusted',
      failureCodes: [],
    });
    expect(read.actions).toEqual([
      {
        action: 'c2pa.created',
        digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCreation',
        softwareAgent: { name: 'Example Paint' },
      },
    ]);
    expect(read.active.signature_info).toMatchObject({ alg: 'Es256', common_name: 'Sign Media Test' });
  });

  it('reads back untrusted without anchors', async () => {
    const signed = await signMedia({ bytes: png, mediaType: 'image/png', manifest: created, signer });
    const read = await readBack(signed, 'image/png', readerSettings());
    expect({ state: read.state, failureCodes: read.failureCodes }).toEqual({
      state: 'Valid',
      failureCodes: ['signingCredential.untrusted'],
    });
  });

  it('leaves the input bytes unchanged', async () => {
    const copy = jpeg.slice();
    await signMedia({
      bytes: jpeg,
      mediaType: 'image/jpeg',
      manifest: { ...created, title: 'a.jpg' },
      signer,
    });
    expect(jpeg).toEqual(copy);
  });

  it('records an ingredient without credentials by title and relationship only', async () => {
    const signed = await signMedia({
      bytes: jpeg,
      mediaType: 'image/jpeg',
      manifest: { title: 'b.jpg', actions: [{ action: 'c2pa.opened', ingredients: ['source'] }] },
      ingredients: [
        {
          bytes: png,
          mediaType: 'image/png',
          title: 'source.png',
          relationship: 'parentOf',
          label: 'source',
        },
      ],
      signer,
    });
    const read = await readBack(signed, 'image/jpeg', readerSettings(authority.ca.certificatePem));
    expect(read.state).toBe('Trusted');
    expect(read.active.ingredients?.map((i) => [i.title, i.relationship, i.active_manifest])).toEqual([
      ['source.png', 'parentOf', undefined],
    ]);
  });

  it('stores the given thumbnail', async () => {
    const thumbnail = new Uint8Array(await sharp(jpeg).resize(24).jpeg().toBuffer());
    const signed = await signMedia({
      bytes: jpeg,
      mediaType: 'image/jpeg',
      manifest: { title: 'c.jpg' },
      signer,
      thumbnail: { bytes: thumbnail, mediaType: 'image/jpeg' },
    });
    const read = await readBack(signed, 'image/jpeg');
    expect(read.active.thumbnail?.format).toBe('image/jpeg');
    expect(assertionData(read.active, 'c2pa.actions.v2')).toBeUndefined();
  });

  it('stores an ingredient thumbnail the reader can return', async () => {
    const thumbnail = new Uint8Array(await sharp(png).resize(16).jpeg().toBuffer());
    const signed = await signMedia({
      bytes: jpeg,
      mediaType: 'image/jpeg',
      manifest: { title: 'd.jpg', actions: [{ action: 'c2pa.opened', ingredients: ['source'] }] },
      ingredients: [
        {
          bytes: png,
          mediaType: 'image/png',
          title: 'source.png',
          relationship: 'parentOf',
          label: 'source',
          thumbnail: { bytes: thumbnail, mediaType: 'image/jpeg' },
        },
      ],
      signer,
    });
    initNodeEngine();
    const reader = await WasmReader.fromBlob('image/jpeg', wasmBlob(signed));
    const store = JSON.parse(reader.json());
    const reference = store.manifests[store.active_manifest].ingredients[0].thumbnail;
    expect(reference.format).toBe('image/jpeg');
    expect(reader.resourceToBytes(reference.identifier)).toEqual(thumbnail);
    reader.free();
  });

  it('rejects empty bytes', async () => {
    await expect(
      signMedia({ bytes: new Uint8Array(0), mediaType: 'image/jpeg', manifest: created, signer }),
    ).rejects.toThrow('signMedia: bytes are empty');
  });

  it('rejects something that is not a media type', async () => {
    await expect(signMedia({ bytes: jpeg, mediaType: 'jpeg', manifest: created, signer })).rejects.toThrow(
      'signMedia: "jpeg" is not a media type',
    );
  });

  it('says which file and format it could not sign', async () => {
    await expect(
      signMedia({
        bytes: new TextEncoder().encode('hello'),
        mediaType: 'text/plain',
        manifest: created,
        signer,
      }),
    ).rejects.toThrow(/^signMedia: could not sign drawing\.png \(text\/plain\): /);
  });
});
