// `npm install && npm start` on a fresh machine with Node alone: a copy of the project (no dist, no
// generated media, no local chain state) started with ffmpeg and Chromium hidden from PATH serves the demo,
// and Ctrl+C stops it and its local chain. When a step fails part-way, what had started is stopped too.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let work: string;
let bin: string;

/** The project's files as a fresh checkout has them (tracked and new, nothing ignored), with node_modules. */
function copyProject(into: string): void {
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    try {
      copyFileSync(path.join(ROOT, file), path.join(into, file));
    } catch {
      // deleted in the work tree but not yet committed
    }
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(into, 'node_modules'));
}

/** A PATH with node, npm, npx and the shell npm runs scripts with: no ffmpeg, no chromium, no anvil. */
function bareBin(into: string): string {
  mkdirSync(into);
  for (const tool of ['node', 'npm', 'npx', 'sh']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(found, path.join(into, tool));
  }
  return into;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  /** The exit code, or the signal that ended npm (it re-raises Ctrl+C on itself). */
  exited: Promise<number | string | null>;
}

function npmStart(cwd: string): Started {
  let output = '';
  const child = spawn('npm', ['start'], {
    cwd,
    detached: true, // its own process group, as a terminal's foreground job
    env: {
      HOME: process.env.HOME ?? tmpdir(),
      PATH: bin,
      DEMO_PORT: '0',
      PROVLENS_CACHE: path.join(cwd, '.cache'),
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(started.output());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${started.output()}`);
}

/** Ends whatever is left of npm's process group; a group that has already gone is what we want. */
function killGroup(started: Started): void {
  try {
    process.kill(-started.child.pid!, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'provlens-fresh-'));
  bin = bareBin(path.join(work, 'bin'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('npm start on a fresh machine', () => {
  it('serves the demo with Node alone, and Ctrl+C stops it and its local chain', async () => {
    expect(spawnSync('sh', ['-c', 'command -v ffmpeg chromium'], { env: { PATH: bin } }).status).not.toBe(0);
    const project = path.join(work, 'project');
    copyProject(project);
    const started = npmStart(project);
    try {
      const anvilPid = Number((await waitFor(started, /anvil pid (\d+)/, 300_000))[1]);
      const url = (await waitFor(started, /Demo served: (http:\/\/127\.0\.0\.1:\d+\/)/, 480_000))[1]!;
      expect(started.output()).toContain(
        'Chromium is not installed, so no browser opens (apt-get install -y chromium adds it).',
      );
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/media/video.mp4');
      const video = await fetch(`${url}media/video.mp4`);
      expect([video.status, video.headers.get('content-type')]).toEqual([200, 'video/mp4']);
      expect(alive(anvilPid)).toBe(true);

      process.kill(-started.child.pid!, 'SIGINT');
      expect(await started.exited).toBe('SIGINT');
      // The start script itself stopped its parts and exited 0 before npm re-raised the signal.
      expect(started.output()).toContain('Stopped.');
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      writeFileSync(path.join(ROOT, 'test-results/fresh-machine-start.log'), started.output());
      expect(alive(anvilPid)).toBe(false);
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      killGroup(started);
    }
  }, 600_000);

  it('stops the local chain it had started when a later step fails', async () => {
    const project = path.join(work, 'failing');
    copyProject(project);
    // The generated-media folder cannot be made: a file stands where it goes.
    writeFileSync(path.join(project, 'test/.generated'), 'not a folder');
    const started = npmStart(project);
    try {
      const anvilPid = Number((await waitFor(started, /anvil pid (\d+)/, 300_000))[1]);
      expect(await started.exited).not.toBe(0);
      expect(started.output()).toContain('Stopping what had started: local chain.');
      expect(alive(anvilPid)).toBe(false);
    } finally {
      killGroup(started);
    }
  }, 600_000);

  it('npm test without Chromium stops at once with the one command that installs it', () => {
    const run = spawnSync('npm', ['test', '--', 'test/unit/media-type.test.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { HOME: process.env.HOME ?? tmpdir(), PATH: bin },
    });
    expect(run.status).not.toBe(0);
    const output = run.stdout + run.stderr;
    expect(output).toContain(
      'Chromium is not installed; the browser tests need it. Install it with: apt-get install -y chromium',
    );
    expect(output).not.toMatch(/Tests\s+\d+ passed/);
  }, 120_000);
});
