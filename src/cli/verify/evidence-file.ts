// The pieces of an evidence report that need Node: a writable path, versions, thumbnails, video frames,
// certificate chains and the record of how the check was made.
import { spawnSync } from 'node:child_process';
import { constants, readFileSync } from 'node:fs';
import { access, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { credentialCertificates } from '../../report/certificate-chain.ts';
import type { EvidenceItem } from '../../report/evidence.ts';
import type { Verdict } from '../../verdict/types.ts';
import { UsageError } from '../usage-error.ts';
import { errnoWords } from './inputs.ts';

/** Refuses, before any work, a --report path that cannot be written (exit 2). */
export async function checkReportPath(path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory())
    throw new UsageError(`--report ${path} is a folder; give a file name such as evidence.html`);
  try {
    if (existing) await access(path, constants.W_OK);
    else await access(dirname(path), constants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot write the report to ${path}: ${errnoWords(error)}`);
  }
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** The C2PA engine: the c2pa-rs wasm build and the c2pa-web release it comes with. */
export function engineVersion(): string {
  return `@contentauth/c2pa-wasm ${packageVersion('@contentauth/c2pa-wasm')} (from @contentauth/c2pa-web ${packageVersion('@contentauth/c2pa-web')})`;
}

export async function thumbnailOf(bytes: Uint8Array, verdict: Verdict): Promise<string | undefined> {
  if (!verdict.mediaType.startsWith('image/') || bytes.length > 64 * 1024 * 1024) return undefined;
  try {
    const png = await sharp(bytes, { limitInputPixels: 100_000_000 })
      .resize(240, 240, { fit: 'inside' })
      .png()
      .toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return undefined;
  }
}

function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore' }).status === 0;
}

/** A frame from one second in (or the first) of a video, as a PNG data URL; or why there is none. */
export async function videoFrame(bytes: Uint8Array): Promise<{ frame?: string; note: string }> {
  if (!hasFfmpeg()) return { note: 'no frame: ffmpeg is not on PATH' };
  const dir = await mkdtemp(join(tmpdir(), 'provlens-frame-'));
  try {
    const input = join(dir, 'video');
    await writeFile(input, bytes);
    for (const seek of ['1', '0']) {
      const run = spawnSync(
        'ffmpeg',
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-ss',
          seek,
          '-i',
          input,
          '-frames:v',
          '1',
          '-vf',
          'scale=240:-2',
          '-f',
          'image2pipe',
          '-vcodec',
          'png',
          '-',
        ],
        { maxBuffer: 16 * 1024 * 1024, timeout: 20_000 },
      );
      if (run.status === 0 && run.stdout.length > 0)
        return {
          frame: `data:image/png;base64,${run.stdout.toString('base64')}`,
          note: `frame at ${seek} s, extracted with ffmpeg`,
        };
    }
    return { note: 'no frame: ffmpeg could not decode a picture from this file' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What the report records of one input. */
export async function evidenceItem(
  file: string,
  name: string,
  verdict: Verdict,
  bytes: Uint8Array | undefined,
  errorKind: string | undefined,
  frameNote: string | undefined,
): Promise<EvidenceItem> {
  const item: EvidenceItem = {
    file,
    name,
    sha256: verdict.sha256,
    mediaType: verdict.mediaType,
    trust: verdict.trust,
    origin: verdict.origin,
    aiDerived: verdict.aiDerived,
    codes: verdict.codes.map((c) => ({
      code: c.code,
      ...(c.scope ? { scope: c.scope } : {}),
      ...(c.severity ? { severity: c.severity } : {}),
    })),
  };
  if (verdict.size !== undefined) item.size = verdict.size;
  if (verdict.originProven !== undefined) item.originProven = verdict.originProven;
  if (errorKind) item.errorKind = errorKind;
  if (verdict.message) item.message = verdict.message;
  if (frameNote) item.frame = frameNote;
  if (verdict.signer) {
    const { name: signerName, organization, issuer, trustList, time, timeSource } = verdict.signer;
    item.signer = {
      name: signerName,
      issuer,
      ...(organization ? { organization } : {}),
      ...(trustList ? { trustList } : {}),
      ...(time ? { time } : {}),
      ...(timeSource ? { timeSource } : {}),
    };
    if (bytes) {
      try {
        const chains = await credentialCertificates(bytes);
        item.signerChain = chains.signerChain;
        item.tsaChain = chains.tsaChain;
      } catch (error) {
        item.chainNote = `The certificates could not be read from the file: ${(error as Error).message}.`;
      }
    }
  }
  return item;
}
