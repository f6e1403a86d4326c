// `provlens index` as a person runs it (bin/provlens.js in a child process) against a real anvil chain with
// the demo records: it reports readiness, `provlens lookup` and the extension's client get their answers
// from it, it follows a registration made after it started, it refuses wrong arguments and a chain that is
// down with a clear message and exit code, and SIGINT / SIGTERM stop it and its Ponder process cleanly.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexSchema } from '../../indexer/launch.ts';
import { IndexerClient } from '../../src/registry/indexer-client.ts';
import { freePort, type RunningLocalRegistry, startLocalRegistry } from '../../src/registry/node-chain.ts';
import { identifyFile } from '../../src/registry/node-files.ts';
import { INDEXER_FILE } from '../../src/registry/node-indexer.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/provlens.js');

let dir: string;
let local: RunningLocalRegistry;
/** Every provlens process started, so a failing test leaves none running. */
const started: ChildProcess[] = [];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A `provlens` command in `cwd`, with nothing inherited that names another registry or indexer. */
function launch(
  args: string[],
  cwd = dir,
  extraEnv: Record<string, string> = {},
): { child: ChildProcess; done: Promise<Run>; output: () => Run } {
  const env = { ...process.env, ...extraEnv };
  delete env.PROVLENS_INDEXER;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const out: Run = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out.stderr += d.toString();
  });
  const done = new Promise<Run>((resolve) =>
    child.once('exit', (code, signal) => {
      // Let the pipes drain.
      setTimeout(() => resolve({ ...out, code, signal }), 100);
    }),
  );
  return { child, done, output: () => out };
}

const provlens = (args: string[], cwd = dir): Promise<Run> => launch(args, cwd).done;

/** Waits until `test` holds for the output so far; fails with that output if the process ends first. */
async function waitFor(
  run: ReturnType<typeof launch>,
  test: (out: Run) => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void run.done.then(() => {
    ended = true;
  });
  while (!test(run.output())) {
    if (ended || Date.now() > deadline) {
      const { stdout, stderr } = run.output();
      throw new Error(`${ended ? 'provlens ended' : 'timed out'}; stdout:\n${stdout}\nstderr:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Process ids of `pid`'s children. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface LookupOut {
  matches: { match: string; distance?: number; record: { id: string; title?: string; creator: string } }[];
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'provlens-index-cli-'));
  local = await startLocalRegistry({ projectDir: dir, port: await freePort() });
}, 120_000);

afterAll(async () => {
  await Promise.all(
    started
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))),
  );
  await local?.chain.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('provlens index', () => {
  it('refuses wrong arguments with a usage message and exit code 2, starting nothing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'provlens-index-empty-'));
    try {
      const runs = await Promise.all([
        provlens(['index', '--registry', 'nope', '--rpc', local.deployment.rpcUrl]),
        provlens(['index', '--port', '70000']),
        provlens(['index', '--from-block', '-3']),
        provlens(['index', '--serve-only']),
        provlens(['index'], empty),
      ]);
      expect(runs.map((r) => [r.code, r.stdout, r.stderr])).toEqual(
        [
          '--registry must be a contract address (0x and 40 hex digits), not "nope"',
          '--port must be a port number from 1 to 65535, not "70000"',
          '--from-block must be a block number, not "-3"',
          '--serve-only needs a PostgreSQL index: pass --database-url or set DATABASE_URL',
          'no registry: .provlens/deployment.json not found and --rpc/--registry not both given',
        ].map((message) => [2, '', `provlens: ${message}\n(run provlens --help for usage)\n`]),
      );
      expect(existsSync(path.join(empty, '.provlens'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);

  it('says the chain is down and exits 1 when nothing answers at the RPC URL', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await provlens(['index', '--rpc', closed, '--registry', local.deployment.address]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `provlens: the registry indexer could not run: The registry chain at ${closed} did not answer (connect ECONNREFUSED ${closed.slice(7)}).\nhint: Start it with \`provlens chain\`, or point --rpc at a running node.\n`,
    );
    expect(existsSync(path.join(dir, INDEXER_FILE))).toBe(false);
  }, 60_000);

  it('serves look-ups for the CLI and the extension, follows new registrations and stops on SIGINT', async () => {
    const port = await freePort();
    // Vacuums of the embedded database every 2 s instead of 30, so the test sees one.
    const run = launch(['index', '--port', String(port)], dir, { PROVLENS_INDEX_VACUUM_MS: '2000' });
    // Ponder builds its project and opens PGlite first: a minute or more on a loaded machine.
    await waitFor(run, (o) => o.stdout.includes('Press Ctrl-C to stop.'), 360_000);
    const readyAt = Date.now();
    const url = `http://127.0.0.1:${port}`;
    const head = await local.client.provider.getBlockNumber();
    const shortAddress = local.deployment.address.toLowerCase().slice(2, 14);
    expect(run.output().stdout.split('\n')).toEqual([
      'Registry indexer running (Ponder).',
      `  URL:       ${url}   (GET /progress, POST /lookup, GET /near, /records/...)`,
      `  Registry:  ${local.deployment.address} on chain 31337 via ${local.deployment.rpcUrl}`,
      `  Database:  embedded PGlite in .provlens/index/31337-${shortAddress}`,
      `  Progress:  block ${head} of ${head} (0 behind)`,
      `  Written:   ${INDEXER_FILE} (provlens verify and lookup ask this indexer first)`,
      'Press Ctrl-C to stop.',
      '',
    ]);
    expect(JSON.parse(readFileSync(path.join(dir, INDEXER_FILE), 'utf8'))).toEqual({
      url,
      chainId: 31337,
      registry: local.deployment.address,
      pid: run.child.pid,
    });
    const ponder = childrenOf(run.child.pid!);
    expect(ponder).toHaveLength(1);

    // `provlens lookup` asks the announced indexer: Ponder counts one more POST /lookup, and nothing on
    // stderr says it searched the chain's logs instead.
    const lookupsServed = async (): Promise<number> => {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const line = /ponder_http_server_request_duration_ms_count\{[^}]*path="\/lookup"[^}]*\} (\d+)/.exec(
        metrics,
      );
      return Number(line?.[1] ?? 0);
    };
    const demo = local.demo!;
    const servedBefore = await lookupsServed();
    const exact = await provlens(['lookup', '.provlens/demo/output-1.png', '--json']);
    expect([exact.code, exact.stderr]).toEqual([0, '']);
    expect(await lookupsServed()).toBe(servedBefore + 1);
    const exactMatches = (JSON.parse(exact.stdout) as LookupOut).matches;
    expect(exactMatches.map((m) => [m.match, m.record.id])).toEqual([['exact', demo.outputs[0]]]);
    const near = await provlens(['lookup', '.provlens/demo/photo-copy.jpg', '--json']);
    expect([near.code, near.stderr]).toEqual([0, '']);
    const nearMatches = (JSON.parse(near.stdout) as LookupOut).matches;
    expect(nearMatches.map((m) => [m.match, m.record.id])).toEqual([['near', demo.photo]]);

    // The extension's client, and the chain's own log search, give exactly the same answers.
    const queries = await Promise.all(
      ['output-1.png', 'photo-copy.jpg'].map((f) => identifyFile(path.join(dir, '.provlens/demo', f))),
    );
    const client = new IndexerClient(url, {
      expect: { chainId: 31337, address: local.deployment.address },
    });
    const fromIndex = await client.lookupMany(queries);
    expect(fromIndex).toEqual(await local.client.lookupMany(queries));
    expect(fromIndex).toEqual([exactMatches, nearMatches]);

    // A registration made after the indexer started: found once the index reaches its block.
    const fresh = path.join(dir, 'fresh.png');
    // Diagonal stripes and a dark disc: a picture unlike the demo's landscapes and harbour.
    const size = 128;
    const pixels = Buffer.alloc(size * size * 3);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const disc = (x - 40) ** 2 + (y - 88) ** 2 < 500;
        const stripe = Math.floor((x + y) / 16) % 2 === 0;
        pixels.set(disc ? [10, 10, 40] : stripe ? [250, 240, 200] : [60, 150, 60], (y * size + x) * 3);
      }
    await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
      .png()
      .toFile(fresh);
    const registered = await provlens([
      'register',
      'fresh.png',
      '--kind',
      'media',
      '--creator',
      'Late Comer',
      '--json',
    ]);
    expect([registered.code, registered.stderr]).toEqual([0, '']);
    const freshId = (JSON.parse(registered.stdout) as { id: string }).id;
    const target = await local.client.provider.getBlockNumber();
    const deadline = Date.now() + 60_000;
    while ((await client.progress()).indexedBlock < target) {
      if (Date.now() > deadline) throw new Error(`the indexer did not reach block ${target}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const late = await provlens(['lookup', 'fresh.png', '--json']);
    expect([late.code, late.stderr]).toEqual([0, '']);
    expect(
      (JSON.parse(late.stdout) as LookupOut).matches.map((m) => [m.match, m.record.id, m.record.creator]),
    ).toEqual([['exact', freshId, 'Late Comer']]);

    // The embedded database is vacuumed while the index moves (PGlite has no autovacuum).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, readyAt + 6000 - Date.now())));

    // Ctrl-C: the Ponder process ends, the port closes, the announcement goes, exit code 0.
    run.child.kill('SIGINT');
    const ended = await run.done;
    expect([ended.code, ended.signal, ended.stderr]).toEqual([0, null, '']);
    expect(ended.stdout.endsWith('Press Ctrl-C to stop.\nRegistry indexer stopped.\n')).toBe(true);
    expect(alive(ponder[0]!)).toBe(false);
    expect(existsSync(path.join(dir, INDEXER_FILE))).toBe(false);
    await expect(fetch(`${url}/progress`)).rejects.toThrow();
    const db = new PGlite(path.join(dir, `.provlens/index/31337-${shortAddress}`));
    try {
      const tables = await db.query<{ relname: string; relallvisible: number }>(
        `SELECT c.relname, c.relallvisible FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname IN ('record', 'fingerprint_chunk') ORDER BY c.relname`,
        [indexSchema(31337, local.deployment.address)],
      );
      expect(tables.rows.map((t) => [t.relname, t.relallvisible > 0])).toEqual([
        ['fingerprint_chunk', true],
        ['record', true],
      ]);
    } finally {
      await db.close();
    }

    // Without an indexer, lookup searches the chain's logs and still finds the late registration.
    const fallback = await provlens(['lookup', 'fresh.png', '--json']);
    expect([fallback.code, fallback.stderr]).toEqual([0, '']);
    expect((JSON.parse(fallback.stdout) as LookupOut).matches.map((m) => m.record.id)).toEqual([freshId]);
  }, 480_000);

  it('stops cleanly on SIGTERM while it is still starting', async () => {
    const run = launch(['index', '--port', String(await freePort()), '--json']);
    // Once the Ponder process exists, well before it is ready.
    const deadline = Date.now() + 60_000;
    let ponder: number[] = [];
    while (ponder.length === 0) {
      if (Date.now() > deadline) throw new Error(`no Ponder process; stderr: ${run.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      ponder = childrenOf(run.child.pid!);
    }
    run.child.kill('SIGTERM');
    const ended = await run.done;
    expect([ended.code, ended.signal, ended.stdout, ended.stderr]).toEqual([0, null, '', '']);
    expect(alive(ponder[0]!)).toBe(false);
    expect(existsSync(path.join(dir, INDEXER_FILE))).toBe(false);
  }, 120_000);
});
