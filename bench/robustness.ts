// Robustness of the fingerprints against what the web does to media (resizing, re-encoding, cropping,
// captions, trimming...). For every original and transformation it reports recall (the copy matches
// its own original) and the false-match rate (the copy matches any other original) at the thresholds
// in src/fingerprint/match.ts. "pdq64 search" is what a registry look-up does: every 64-bit probe of the
// copy against the original's pdq64 and pdq64-centre (NEAR_SEARCH).
// Run: npx tsx bench/robustness.ts          a quick subset (about a quarter of the files)
//      npx tsx bench/robustness.ts --full   every file (minutes; writes bench/robustness.json)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { audioChromaWords, wordsToHex } from '../src/fingerprint/audio-chroma.ts';
import { fingerprintPixels } from '../src/fingerprint/image.ts';
import {
  AUDIO_MATCH_THRESHOLD,
  audioDistance,
  hamming64,
  hamming256,
  matchContent,
  NEAR_SEARCH,
  nearSearchDistance,
  PDQ_MATCH_THRESHOLD,
  PDQ64_MATCH_THRESHOLD,
} from '../src/fingerprint/match.ts';
import { decodeAudio, decodeImage } from '../src/fingerprint/node-decode.ts';
import type { PixelImage } from '../src/fingerprint/pdq.ts';
import type { Fingerprint } from '../src/fingerprint/types.ts';
import { hammingDistance64, nearBuckets } from '../src/registry/encoding.ts';
import { syntheticScene, syntheticTune, wavFile } from '../test/fingerprint/scenes.ts';

const CORPUS = resolve(process.cwd(), '../shared/corpus');
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff', 'heic']);
const AUDIO_FORMATS = new Set(['mp3', 'wav', 'm4a', 'flac']);
const FULL = process.argv.includes('--full');
/** `--only NAME`: one image transformation (and no audio), for working on it. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const GENERATED_IMAGES = FULL ? 60 : 16;
/** The quick run keeps every QUICK_STRIDE-th corpus file. */
const QUICK_STRIDE = 4;
// Corpus files that are edits of one photograph (crops, colour and grey edits from the C2PA test
// series), checked by eye: a copy matching any of them is a true match, not a false one.
const SAME_PHOTOGRAPH = [
  'pt-adobe-20220124-A.jpg',
  'pt-adobe-20220124-E-sig-CA.jpg',
  'pt-adobe-20220124-E-uri-CA.jpg',
  'pt-adobe-20220124-XCA.jpg',
  'rs-CACA.jpg',
  'rs-boxhash.jpg',
  'rs-prerelease.jpg',
];
/** PDQ's own guidance: below this quality a hash is unreliable (flat or nearly empty images). */
const PDQ_RELIABLE_QUALITY = 50;
const GENERATED_TUNES = FULL ? 24 : 6;
const TUNE_SECONDS = 30;

interface Original<T> {
  name: string;
  /** Originals with the same group show the same content (e.g. one photo signed several ways). */
  group: string;
  content: T;
}

interface Cell {
  transformation: string;
  algorithm: string;
  threshold: number;
  copies: number;
  recall: number;
  /** Recall over originals whose hash is reliable (PDQ quality >= 50); equals recall for audio. */
  reliableRecall: number;
  falseMatches: number;
  comparisons: number;
  falseMatchRate: number;
  meanTrueDistance: number;
  /** Smallest distance between a copy and an unrelated original: the margin above the threshold. */
  nearestUnrelated: number;
  /** Originals whose copy was missed (at most 8 listed). */
  missed: string[];
}

// ---------------------------------------------------------------- images

type ImageTransform = (image: PixelImage) => Promise<Uint8Array>;

const raw = (image: PixelImage) =>
  sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });

async function rotateAndCrop(image: PixelImage, degrees: number): Promise<Uint8Array> {
  const rotated = await raw(image)
    .rotate(degrees, { background: '#ffffff' })
    .png()
    .toBuffer({ resolveWithObject: true });
  const left = Math.floor((rotated.info.width - image.width) / 2);
  const top = Math.floor((rotated.info.height - image.height) / 2);
  return sharp(rotated.data)
    .extract({ left, top, width: image.width, height: image.height })
    .png()
    .toBuffer();
}

function centredCrop(image: PixelImage, fraction: number): Promise<Buffer> {
  const left = Math.round((image.width * fraction) / 2);
  const top = Math.round((image.height * fraction) / 2);
  return raw(image)
    .extract({ left, top, width: image.width - 2 * left, height: image.height - 2 * top })
    .png()
    .toBuffer();
}

async function captionBar(image: PixelImage): Promise<Buffer> {
  const bar = Math.max(12, Math.round(image.height * 0.12));
  const font = Math.round(bar * 0.45);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${bar}">
    <rect width="100%" height="100%" fill="#111"/>
    <text x="${Math.round(bar * 0.3)}" y="${Math.round(bar * 0.65)}" font-family="DejaVu Sans, sans-serif"
      font-size="${font}" fill="#fff">Shared from somewhere · photo caption here</text></svg>`;
  const extended = await raw(image).extend({ bottom: bar, background: '#111111' }).png().toBuffer();
  return sharp(extended)
    .composite([{ input: Buffer.from(svg), left: 0, top: image.height }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

export const IMAGE_TRANSFORMS: Record<string, ImageTransform> = {
  'resize 50%': (im) =>
    raw(im)
      .resize(Math.round(im.width / 2))
      .png()
      .toBuffer(),
  'resize 25%': (im) =>
    raw(im)
      .resize(Math.max(8, Math.round(im.width / 4)))
      .png()
      .toBuffer(),
  'jpeg q90': (im) => raw(im).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer(),
  'jpeg q70': (im) => raw(im).flatten({ background: '#ffffff' }).jpeg({ quality: 70 }).toBuffer(),
  'jpeg q50': (im) => raw(im).flatten({ background: '#ffffff' }).jpeg({ quality: 50 }).toBuffer(),
  'webp q75': (im) => raw(im).webp({ quality: 75 }).toBuffer(),
  'crop 5%': (im) => centredCrop(im, 0.05),
  'crop 10%': (im) => centredCrop(im, 0.1),
  // Beyond the centre region, and off-centre: how the crop-resistant hash does on crops it was not sized for.
  'crop 15%': (im) => centredCrop(im, 0.15),
  'crop 10% corner': (im) =>
    raw(im)
      .extract({ left: 0, top: 0, width: Math.round(im.width * 0.9), height: Math.round(im.height * 0.9) })
      .png()
      .toBuffer(),
  'rotate +2.5°': (im) => rotateAndCrop(im, 2.5),
  'rotate -2.5°': (im) => rotateAndCrop(im, -2.5),
  'screenshot png': (im) =>
    raw(im)
      .resize(Math.round(im.width * 0.8), null, { kernel: 'linear' })
      .flatten({ background: '#ffffff' })
      .png({ compressionLevel: 9 })
      .toBuffer(),
  'caption bar': captionBar,
  grayscale: (im) => raw(im).grayscale().png().toBuffer(),
};

interface ImageHashes {
  pdq: string;
  pdq64: string;
  quality: number;
  /** Every fingerprint of the image (pdq64-centre, pdq64-trimmed...), for the registry search. */
  all: Fingerprint[];
}

function hashImage(image: PixelImage): ImageHashes {
  const all = fingerprintPixels(image);
  const value = (algorithm: string) => all.find((f) => f.algorithm === algorithm)!.value;
  return { pdq: value('pdq'), pdq64: value('pdq64'), quality: all[0]!.quality ?? 0, all };
}

// Same-content check independent of the hashes under test: 16x16 grey thumbnails, mean difference.
async function thumbnail(image: PixelImage): Promise<Uint8Array> {
  return new Uint8Array(
    await raw(image)
      .flatten({ background: '#ffffff' })
      .resize(16, 16, { fit: 'fill' })
      .grayscale()
      .raw()
      .toBuffer(),
  );
}

async function loadImageOriginals(skipped: string[]): Promise<Original<PixelImage>[]> {
  const originals: Original<PixelImage>[] = [];
  const catalog = readFileSync(join(CORPUS, 'CATALOG.tsv'), 'utf8').trim().split('\n');
  const header = catalog[0]!.split('\t');
  const formatColumn = header.indexOf('format');
  let seen = 0;
  for (const line of catalog.slice(1)) {
    const columns = line.split('\t');
    const [file, format] = [columns[0]!, columns[formatColumn]!];
    if (!IMAGE_FORMATS.has(format)) continue;
    if (!FULL && seen++ % QUICK_STRIDE !== 0) continue;
    try {
      const image = await decodeImage(new Uint8Array(readFileSync(join(CORPUS, 'files', file))));
      originals.push({ name: file, group: file, content: image });
    } catch (error) {
      skipped.push(`${file} (${format}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (let seed = 1; seed <= GENERATED_IMAGES; seed++) {
    const width = 320 + ((seed * 37) % 5) * 80;
    const height = 240 + ((seed * 53) % 4) * 90;
    originals.push({
      name: `generated-${seed}`,
      group: `generated-${seed}`,
      content: syntheticScene(1000 + seed, width, height),
    });
  }
  // Corpus files that show one picture (signed several ways) form one group.
  for (const o of originals) if (SAME_PHOTOGRAPH.includes(o.name)) o.group = SAME_PHOTOGRAPH[0]!;
  const thumbs = await Promise.all(originals.map((o) => thumbnail(o.content)));
  for (let i = 0; i < originals.length; i++) {
    for (let j = 0; j < i; j++) {
      let diff = 0;
      for (let k = 0; k < 256; k++) diff += Math.abs(thumbs[i]![k]! - thumbs[j]![k]!);
      if (diff / 256 < 6) {
        const [from, to] = [originals[i]!.group, originals[j]!.group];
        for (const o of originals) if (o.group === from) o.group = to;
        break;
      }
    }
  }
  return originals;
}

function scoreCell<H>(
  transformation: string,
  algorithm: string,
  threshold: number,
  originals: Original<unknown>[],
  originalHashes: H[],
  copyHashes: (H | undefined)[],
  distance: (a: H, b: H) => number,
  reliable: (i: number) => boolean = () => true,
): Cell {
  let hits = 0;
  let reliableCopies = 0;
  let reliableHits = 0;
  let copies = 0;
  let falseMatches = 0;
  let comparisons = 0;
  let trueDistanceSum = 0;
  let nearestUnrelated = Number.POSITIVE_INFINITY;
  const missed: string[] = [];
  originals.forEach((original, i) => {
    const copy = copyHashes[i];
    if (copy === undefined) return;
    copies++;
    const own = distance(copy, originalHashes[i]!);
    trueDistanceSum += own;
    if (reliable(i)) reliableCopies++;
    if (own <= threshold) {
      hits++;
      if (reliable(i)) reliableHits++;
    } else if (missed.length < 8) missed.push(`${original.name} (${own})`);
    originals.forEach((other, j) => {
      if (other.group === original.group) return;
      const d = distance(copy, originalHashes[j]!);
      comparisons++;
      nearestUnrelated = Math.min(nearestUnrelated, d);
      if (d <= threshold) falseMatches++;
    });
  });
  return {
    transformation,
    algorithm,
    threshold,
    copies,
    recall: copies ? hits / copies : 0,
    reliableRecall: reliableCopies ? reliableHits / reliableCopies : 0,
    falseMatches,
    comparisons,
    falseMatchRate: comparisons ? falseMatches / comparisons : 0,
    meanTrueDistance: copies ? trueDistanceSum / copies : 0,
    nearestUnrelated,
    missed,
  };
}

export interface ImageRun {
  originals: Original<PixelImage>[];
  originalHashes: ImageHashes[];
  copies: Record<string, (ImageHashes | undefined)[]>;
  skipped: string[];
}

export async function runImages(): Promise<ImageRun> {
  const skipped: string[] = [];
  const originals = await loadImageOriginals(skipped);
  const originalHashes = originals.map((o) => hashImage(o.content));
  const copies: Record<string, (ImageHashes | undefined)[]> = {};
  for (const [name, transform] of Object.entries(IMAGE_TRANSFORMS)) {
    if (ONLY && name !== ONLY) continue;
    copies[name] = [];
    for (const original of originals) {
      try {
        copies[name].push(hashImage(await decodeImage(await transform(original.content))));
      } catch (error) {
        copies[name].push(undefined);
        skipped.push(`${original.name} × ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return { originals, originalHashes, copies, skipped };
}

// ---------------------------------------------------------------- audio

function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
}

const AUDIO_TRANSFORMS: Record<string, string[]> = {
  'mp3 128k': ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'],
  'mp3 64k': ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'],
  'trim first 3 s': ['-ss', '3', '-c:a', 'pcm_s16le', '-f', 'wav'],
  'trim 2 s both ends': [
    '-af',
    'atrim=start=2,asetpts=N/SR/TB,areverse,atrim=start=2,areverse',
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
  ],
  'volume -6 dB': ['-af', 'volume=-6dB', '-c:a', 'pcm_s16le', '-f', 'wav'],
  'volume +4 dB': ['-af', 'volume=4dB', '-c:a', 'pcm_s16le', '-f', 'wav'],
};

function ffmpegTransform(input: Uint8Array, args: string[], folder: string): Uint8Array {
  const source = join(folder, 'source');
  writeFileSync(source, input);
  const ssIndex = args.indexOf('-ss');
  // -ss before -i seeks the input; the rest are output options.
  const pre = ssIndex >= 0 ? args.slice(ssIndex, ssIndex + 2) : [];
  const post = ssIndex >= 0 ? [...args.slice(0, ssIndex), ...args.slice(ssIndex + 2)] : args;
  const result = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-nostdin', ...pre, '-i', source, '-vn', ...post, 'pipe:1'],
    {
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`ffmpeg: ${result.stderr.toString().trim().split('\n').pop()}`);
  return new Uint8Array(result.stdout);
}

export interface AudioRun {
  originals: Original<Uint8Array>[];
  originalHashes: string[];
  copies: Record<string, (string | undefined)[]>;
  skipped: string[];
}

async function audioHash(bytes: Uint8Array): Promise<string> {
  return wordsToHex(audioChromaWords(await decodeAudio(bytes)));
}

export async function runAudio(): Promise<AudioRun> {
  const skipped: string[] = [];
  const originals: Original<Uint8Array>[] = [];
  const catalog = readFileSync(join(CORPUS, 'CATALOG.tsv'), 'utf8').trim().split('\n');
  const formatColumn = catalog[0]!.split('\t').indexOf('format');
  let seen = 0;
  for (const line of catalog.slice(1)) {
    const columns = line.split('\t');
    const [file, format] = [columns[0]!, columns[formatColumn]!];
    if (!AUDIO_FORMATS.has(format)) continue;
    if (!FULL && seen++ % QUICK_STRIDE !== 0) continue;
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'files', file)));
    try {
      const audio = await decodeAudio(bytes);
      const seconds = audio.channelData[0]!.length / audio.sampleRate;
      // Trimming 3 s and still sharing 5 s needs at least ~9 s of sound.
      if (seconds < 9) {
        skipped.push(`${file}: ${seconds.toFixed(1)} s is too short for the trim cases`);
        continue;
      }
      originals.push({ name: file, group: file, content: bytes });
    } catch (error) {
      skipped.push(`${file} (${format}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (let seed = 1; seed <= GENERATED_TUNES; seed++) {
    originals.push({
      name: `tune-${seed}`,
      group: `tune-${seed}`,
      content: wavFile(syntheticTune(seed, TUNE_SECONDS), 22050),
    });
  }
  const originalHashes = await Promise.all(originals.map((o) => audioHash(o.content)));
  // Same-content groups (e.g. a signed copy of an unsigned source): identical decoded fingerprints.
  originals.forEach((o, i) => {
    const twin = originalHashes.findIndex((h, j) => j < i && h === originalHashes[i]);
    if (twin >= 0) o.group = originals[twin]!.group;
  });
  const copies: Record<string, (string | undefined)[]> = {};
  const folder = mkdtempSync(join(tmpdir(), 'provlens-bench-'));
  try {
    for (const [name, args] of Object.entries(AUDIO_TRANSFORMS)) {
      copies[name] = [];
      for (const original of originals) {
        try {
          copies[name].push(await audioHash(ffmpegTransform(original.content, args, folder)));
        } catch (error) {
          copies[name].push(undefined);
          skipped.push(
            `${original.name} × ${name}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { originals, originalHashes, copies, skipped };
}

// ---------------------------------------------------------------- match vs registry search

/**
 * What the registry's search finds for a copy, computed as the chain does it: each probe asks for the
 * buckets (16-bit chunks) within PDQ64_MATCH_THRESHOLD / 4 bits, an original's indexed hash is a
 * candidate when one of its four chunks is among them, and a candidate counts within the threshold.
 */
function registrySearchFinds(probeBuckets: Map<Fingerprint, Set<bigint>>, original: readonly Fingerprint[]) {
  for (const [probe, buckets] of probeBuckets) {
    for (const stored of original) {
      if (stored.bits !== 64 || !NEAR_SEARCH[probe.algorithm]?.includes(stored.algorithm)) continue;
      const value = BigInt(`0x${stored.value}`);
      if (!nearBuckets(value, 0).some((chunk) => buckets.has(chunk))) continue;
      if (hammingDistance64(BigInt(`0x${probe.value}`), value) <= PDQ64_MATCH_THRESHOLD) return true;
    }
  }
  return false;
}

/** `provlens match ORIGINAL COPY` against the registry search, on every copy × original of every row. */
function matchAgreement(originals: ImageHashes[], copies: Record<string, (ImageHashes | undefined)[]>) {
  let decisions = 0;
  const disagreements: string[] = [];
  for (const [name, row] of Object.entries(copies)) {
    for (const [i, copy] of row.entries()) {
      if (!copy) continue;
      const probeBuckets = new Map(
        copy.all
          .filter((probe) => probe.bits === 64 && NEAR_SEARCH[probe.algorithm])
          .map((probe) => [
            probe,
            new Set(nearBuckets(BigInt(`0x${probe.value}`), Math.floor(PDQ64_MATCH_THRESHOLD / 4))),
          ]),
      );
      for (const [j, original] of originals.entries()) {
        decisions += 1;
        const byMatch = matchContent(original.all, copy.all)?.same ?? false;
        if (byMatch !== registrySearchFinds(probeBuckets, original.all))
          disagreements.push(`${name}: copy ${i} vs original ${j} (match says ${byMatch})`);
      }
    }
  }
  return { decisions, disagreements };
}

// ---------------------------------------------------------------- report

function formatTable(cells: Cell[]): string {
  const rows = [
    [
      'transformation',
      'algorithm',
      'thr',
      'copies',
      'recall',
      'recall q>=50',
      'false',
      'FMR',
      'mean d',
      'min unrel',
    ],
    ...cells.map((c) => [
      c.transformation,
      c.algorithm,
      String(c.threshold),
      String(c.copies),
      c.recall.toFixed(3),
      c.reliableRecall.toFixed(3),
      `${c.falseMatches}/${c.comparisons}`,
      `${(c.falseMatchRate * 100).toFixed(3)}%`,
      c.meanTrueDistance.toFixed(c.algorithm === 'audio-chroma' ? 3 : 1),
      String(c.nearestUnrelated),
    ]),
  ];
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  return rows.map((r) => r.map((v, k) => v.padEnd(widths[k]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const images = await runImages();
  const reliable = (i: number) => images.originalHashes[i]!.quality >= PDQ_RELIABLE_QUALITY;
  const imageCellsAt = (pdqThreshold: number, pdq64Threshold: number): Cell[] =>
    Object.entries(images.copies).flatMap(([name, copies]) => [
      scoreCell(
        name,
        'pdq',
        pdqThreshold,
        images.originals,
        images.originalHashes.map((h) => h.pdq),
        copies.map((c) => c?.pdq),
        hamming256,
        reliable,
      ),
      scoreCell(
        name,
        'pdq64',
        pdq64Threshold,
        images.originals,
        images.originalHashes.map((h) => h.pdq64),
        copies.map((c) => c?.pdq64),
        hamming64,
        reliable,
      ),
      scoreCell(
        name,
        'pdq64 search',
        pdq64Threshold,
        images.originals,
        images.originalHashes.map((h) => h.all),
        copies.map((c) => c?.all),
        nearSearchDistance,
        reliable,
      ),
    ]);
  const imageCells = imageCellsAt(PDQ_MATCH_THRESHOLD, PDQ64_MATCH_THRESHOLD);
  // How recall and false matches trade off around the chosen thresholds (all transformations pooled).
  const sweep = [
    [31, 8],
    [48, 10],
    [PDQ_MATCH_THRESHOLD, PDQ64_MATCH_THRESHOLD],
    [70, 14],
    [80, 16],
  ].map(([pdqThreshold, pdq64Threshold]) => {
    const cells = imageCellsAt(pdqThreshold!, pdq64Threshold!);
    const pooled = (algorithm: string) => {
      const mine = cells.filter((c) => c.algorithm === algorithm);
      const copies = mine.reduce((n, c) => n + c.copies, 0);
      const falseMatches = mine.reduce((n, c) => n + c.falseMatches, 0);
      const comparisons = mine.reduce((n, c) => n + c.comparisons, 0);
      return {
        recall: mine.reduce((n, c) => n + c.recall * c.copies, 0) / copies,
        falseMatchRate: falseMatches / comparisons,
      };
    };
    return {
      pdqThreshold,
      pdq64Threshold,
      pdq: pooled('pdq'),
      pdq64: pooled('pdq64'),
      search: pooled('pdq64 search'),
    };
  });
  const agreement = matchAgreement(images.originalHashes, images.copies);
  const groups = new Map<string, string[]>();
  for (const o of images.originals) groups.set(o.group, [...(groups.get(o.group) ?? []), o.name]);
  console.log(FULL ? 'full run' : 'quick run (a subset; --full for every file)');
  console.log(
    `images: ${images.originals.length} originals (${images.originals.filter((o) => !o.name.startsWith('generated-')).length} corpus, ${GENERATED_IMAGES} generated) in ${groups.size} content groups`,
  );
  for (const members of groups.values())
    if (members.length > 1) console.log(`  same picture: ${members.join(', ')}`);
  console.log(formatTable(imageCells));
  console.log(
    `\nprovlens match vs registry search: ${agreement.decisions - agreement.disagreements.length} of ${agreement.decisions} decisions agree (every row, every copy × original)`,
  );
  for (const row of agreement.disagreements.slice(0, 20)) console.log(`  disagree: ${row}`);
  const misses = imageCells.filter((c) => c.algorithm === 'pdq64 search' && c.missed.length > 0);
  if (misses.length > 0) console.log('\nmissed by the search (distance):');
  for (const c of misses) console.log(`  ${c.transformation}: ${c.missed.join(', ')}`);
  console.log(
    '\nthreshold sweep (all image transformations pooled): pdq thr → recall / FMR; pdq64 thr → recall / FMR',
  );
  for (const row of sweep) {
    const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
    console.log(
      `  pdq ${String(row.pdqThreshold).padStart(2)} → ${row.pdq.recall.toFixed(3)} / ${pct(row.pdq.falseMatchRate)}    pdq64 ${String(row.pdq64Threshold).padStart(2)} → ${row.pdq64.recall.toFixed(3)} / ${pct(row.pdq64.falseMatchRate)}    search → ${row.search.recall.toFixed(3)} / ${pct(row.search.falseMatchRate)}`,
    );
  }

  let audioCells: Cell[] = [];
  let audioSkipped: string[] = [];
  let audioNote = '';
  if (ONLY) audioNote = 'audio skipped (--only)';
  else if (hasFfmpeg()) {
    const audio = await runAudio();
    audioSkipped = audio.skipped;
    audioCells = Object.entries(audio.copies).map(([name, copies]) =>
      scoreCell(
        name,
        'audio-chroma',
        AUDIO_MATCH_THRESHOLD,
        audio.originals,
        audio.originalHashes,
        copies,
        audioDistance,
      ),
    );
    console.log(
      `\naudio: ${audio.originals.length} originals (${audio.originals.filter((o) => !o.name.startsWith('tune-')).length} corpus, ${GENERATED_TUNES} generated ${TUNE_SECONDS} s tunes)`,
    );
    console.log(formatTable(audioCells));
  } else {
    audioNote = 'ffmpeg not installed: audio transformations skipped';
    console.log(`\n${audioNote}`);
  }
  const skipped = [...images.skipped, ...audioSkipped];
  if (skipped.length) console.log(`\nskipped:\n  ${skipped.join('\n  ')}`);
  const report = {
    thresholds: {
      pdq: PDQ_MATCH_THRESHOLD,
      pdq64: PDQ64_MATCH_THRESHOLD,
      audioChroma: AUDIO_MATCH_THRESHOLD,
    },
    images: { originals: images.originals.length, groups: groups.size, cells: imageCells, sweep, agreement },
    audio: { cells: audioCells, note: audioNote },
    skipped,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  if (FULL) {
    writeFileSync(resolve(process.cwd(), 'bench/robustness.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote bench/robustness.json (${report.seconds} s)`);
  } else
    console.log(`\nquick run done in ${report.seconds} s (not written; --full writes bench/robustness.json)`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'robustness.ts')) {
  await main();
}
