// The media of the benchmark page: 500 images, 10% with Content Credentials (2% AI-derived), the rest
// plain JPEGs. Credentialed ones are the signed fixtures plus variants signed by the same test authority,
// so every file has its own hash. Generated once per fixtures version into the temp folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {
  ensureFixtures,
  type FixtureFile,
  fixturesContentVersion,
  type GeneratedFixtures,
} from '../demo/media/generate.ts';
import { coseSigner } from '../src/sign/cose-signer.ts';
import { initNodeEngine } from '../src/sign/node-engine.ts';
import { signMedia } from '../src/sign/sign-media.ts';
import { createTestAuthority } from '../src/sign/test-authority.ts';

export const PAGE_IMAGES = 500;
const CREDENTIALED = 50;
const AI_DERIVED = 10;
const HUMAN_FIXTURES: FixtureFile[] = ['human-made.png', 'human-capture.jpg'];
const AI_FIXTURES: FixtureFile[] = ['ai-generated.jpg', 'ai-edited.jpg', 'composite.jpg'];

export interface PageMedia {
  dir: string;
  fixtures: GeneratedFixtures;
  /** File names in page order, with what each is. */
  files: { name: string; kind: 'plain' | 'credentialed' | 'ai-derived' }[];
}

/** A 320×240 picture unlike any other index: smooth colour fields plus seeded grain. */
async function picture(index: number): Promise<Uint8Array> {
  const width = 320;
  const height = 240;
  const pixels = new Uint8Array(width * height * 3);
  let seed = (index + 1) * 2654435761;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const grain = (seed >>> 27) - 16;
      const at = (y * width + x) * 3;
      pixels[at] = Math.max(0, Math.min(255, ((x * ((index % 7) + 1)) & 255) + grain));
      pixels[at + 1] = Math.max(0, Math.min(255, ((y * ((index % 5) + 1)) & 255) + grain));
      pixels[at + 2] = Math.max(0, Math.min(255, (((x + y) * ((index % 3) + 1) + index * 37) & 255) + grain));
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 82 })
    .toBuffer();
}

export async function pageMedia(): Promise<PageMedia> {
  const fixtures = await ensureFixtures();
  const version = createHash('sha256').update(fixturesContentVersion()).update('page-2').digest('hex');
  const dir = path.join(tmpdir(), 'provlens-bench-media', `page-${version.slice(0, 12)}`);
  const files: PageMedia['files'] = [];
  // Credentialed ones are spread evenly over the page, as on a real page.
  const step = PAGE_IMAGES / CREDENTIALED;
  let credentialed = 0;
  for (let i = 0; i < PAGE_IMAGES; i++) {
    if (i % step === 0) {
      const ai = credentialed % (CREDENTIALED / AI_DERIVED) === 0;
      const ext = i === step ? 'png' : 'jpg'; // human-made.png keeps its type
      files.push({ name: `c${String(i).padStart(3, '0')}.${ext}`, kind: ai ? 'ai-derived' : 'credentialed' });
      credentialed++;
    } else files.push({ name: `p${String(i).padStart(3, '0')}.jpg`, kind: 'plain' });
  }
  if (existsSync(path.join(dir, 'DONE'))) return { dir, fixtures, files };

  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  initNodeEngine();
  const authority = await createTestAuthority({
    name: 'Provenance Lens Test Signer',
    seed: 'provenance-lens fixtures 1',
  });
  if (authority.ca.certificatePem.trim() !== fixtures.testAnchorPem.trim())
    throw new Error('The page media signer does not chain to the fixtures test anchor any more.');
  const signer = coseSigner({
    certChainDer: authority.certChainDer,
    privateKey: authority.signer.privateKey,
  });
  const humanFixtures = [...HUMAN_FIXTURES];
  const aiFixtures = [...AI_FIXTURES];
  for (const [i, file] of files.entries()) {
    let bytes: Uint8Array;
    if (file.kind === 'plain') bytes = await picture(i);
    else {
      const fixture = file.kind === 'ai-derived' ? aiFixtures.shift() : humanFixtures.shift();
      if (fixture) bytes = fixtures.read(fixture);
      else {
        const source = await picture(i);
        const ai = file.kind === 'ai-derived';
        bytes = await signMedia({
          bytes: source,
          mediaType: 'image/jpeg',
          manifest: {
            title: file.name,
            claimGenerator: { name: 'Provenance Lens Bench', version: '1' },
            actions: [
              {
                action: 'c2pa.created',
                digitalSourceType: ai ? 'trainedAlgorithmicMedia' : 'digitalCapture',
                softwareAgent: ai ? 'Example Diffusion 2' : 'Example Camera Firmware 3.1',
              },
            ],
          },
          signer,
          thumbnail: {
            bytes: await sharp(source).resize({ height: 96 }).jpeg({ quality: 70 }).toBuffer(),
            mediaType: 'image/jpeg',
          },
        });
      }
    }
    writeFileSync(path.join(staging, file.name), bytes);
  }
  writeFileSync(path.join(staging, 'DONE'), version);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { dir, fixtures, files };
}

export function readPageFile(media: PageMedia, name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(media.dir, name)));
}

export function pageFileCount(media: PageMedia): number {
  return readdirSync(media.dir).filter((f) => f !== 'DONE').length;
}
