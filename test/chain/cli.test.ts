import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningLocalRegistry, startLocalRegistry } from '../../src/registry/node-chain.ts';
import { type Run, runProvlens } from './run-cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(root, 'test/chain/cli-runner.ts');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

let dir: string;
let local: RunningLocalRegistry;

function provlens(args: string[], cwd = dir): Promise<Run> {
  return runProvlens(args, cwd);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'provlens-cli-'));
  local = await startLocalRegistry({ projectDir: dir });
});
afterAll(async () => {
  await local?.chain.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('provlens register / lookup / pay / balance / withdraw against the local chain', () => {
  it('lookup of an unregistered, re-encoded copy of the demo photo finds the photo as a near duplicate', async () => {
    const run = await provlens(['lookup', '.provlens/demo/photo-copy.jpg', '--json']);
    expect(run.code).toBe(0);
    const { matches } = JSON.parse(run.stdout) as {
      matches: { match: string; record: { id: string; creator: string } }[];
    };
    expect(matches.map((m) => [m.match, m.record.id, m.record.creator])).toEqual([
      ['near', local.demo!.photo, 'Jane Doe'],
    ]);
  });

  it('lookup of a demo output prints its lineage tree down to the dataset', async () => {
    const run = await provlens(['lookup', '.provlens/demo/output-1.png']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Output "Generated landscape #1" by Landscape Studio user (exact content hash)',
    );
    expect(run.stdout).toContain('├─ GeneratedBy 25% → Model "Landscape Diffusion v1"');
    expect(run.stdout).toContain('│  └─ TrainedOn 30% → Dataset "Open Landscapes 2024"');
  });

  it('register prints the new record id and transaction hash as JSON, with its parent link', async () => {
    const file = path.join(dir, 'derived.txt');
    writeFileSync(file, 'a derived work\n');
    const run = await provlens([
      'register',
      file,
      '--kind',
      'app',
      '--parent',
      `${local.demo!.model}:1500`,
      '--creator',
      'CLI Tester',
      '--training',
      'constrained',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      id: string;
      txHash: string;
      kind: string;
      parents: unknown[];
      notes: string[];
    };
    expect(out.id).toBe('7');
    expect(out.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect([out.kind, out.parents]).toEqual([
      'application',
      [{ id: local.demo!.model, relation: 'ComponentOf', shareBps: 1500 }],
    ]);
    expect(out.notes[0]).toContain("Using anvil's first dev account");
    const lookup = JSON.parse((await provlens(['lookup', file, '--json'])).stdout) as {
      matches: { record: { id: string; creator: string; training: string } }[];
    };
    expect(lookup.matches.map((m) => [m.record.id, m.record.creator, m.record.training])).toEqual([
      ['7', 'CLI Tester', 'constrained'],
    ]);
  });

  it('pay splits down the lineage, balance shows the credit and withdraw pays it out', async () => {
    const output = local.demo!.outputs[0]!;
    const pay = await provlens(['pay', output, '--value', '0.01', '--json']);
    expect(pay.code).toBe(0);
    const steps = (JSON.parse(pay.stdout) as { steps: { step: string; id: string; amount: string }[] }).steps;
    // Output keeps 70%; model 25% (passing 30% to the dataset); app 5% (passing 20% to the model).
    const credited = Object.fromEntries(
      [...new Set(steps.map((s) => s.id))].map((id) => [
        id,
        steps
          .filter((s) => s.step === 'credited' && s.id === id)
          .reduce((sum, s) => sum + BigInt(s.amount), 0n)
          .toString(),
      ]),
    );
    expect(credited).toEqual({
      [output]: '7000000000000000',
      [local.demo!.model]: '1820000000000000',
      [local.demo!.dataset]: '780000000000000',
      [local.demo!.application]: '400000000000000',
    });
    // Demo outputs are registered by anvil dev account 4.
    const balance = await provlens(['balance', '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65']);
    expect(balance.stdout.trim()).toBe(
      '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65: 0.007 ETH credited, withdrawable',
    );
    const keyFile = path.join(dir, 'dev4.key');
    writeFileSync(keyFile, '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a\n');
    const withdraw = await provlens(['withdraw', '--key-file', keyFile, '--json']);
    expect(withdraw.code).toBe(0);
    expect((JSON.parse(withdraw.stdout) as { amount: string }).amount).toBe('7000000000000000');
  });

  it('wrong arguments exit with code 2 and say what is expected', async () => {
    const runs = await Promise.all([
      provlens(['register', '.provlens/demo/photo.png', '--kind', 'painting']),
      provlens(['pay', '4', '--value', 'lots']),
      provlens(['register', '.provlens/demo/photo.png', '--kind', 'media', '--parent', '1:20000']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[0]!.stderr).toContain(
      '--kind must be one of media, dataset, model, app, output (not "painting")',
    );
    expect(runs[1]!.stderr).toContain('--value must be a positive amount');
    expect(runs[2]!.stderr).toContain('--parent "1:20000" is not ID[:BPS[:RELATION]]');
  });

  it('a chain that is down gives exit code 1 with what happened and what to do', async () => {
    const port = await freePort();
    const run = await provlens([
      'lookup',
      '.provlens/demo/photo.png',
      '--rpc',
      `http://127.0.0.1:${port}`,
      '--registry',
      local.deployment.address,
    ]);
    expect(run.code).toBe(1);
    // What happened, with the node's own words in brackets; what to do on its own line.
    const [message, hint, ...rest] = run.stderr.trimEnd().split('\n');
    expect(message).toMatch(
      new RegExp(
        `^provlens: The registry chain at http://127\\.0\\.0\\.1:${port} did not answer \\(.+\\)\\.$`,
      ),
    );
    expect([hint, rest]).toEqual([
      'hint: Start it with `provlens chain`, or point --rpc at a running node.',
      [],
    ]);
  });

  it('without a deployment file or --rpc/--registry, the commands say how to configure one (exit 2)', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'provlens-empty-'));
    const run = await provlens(['balance', '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'], empty);
    rmSync(empty, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No registry configured');
  });
});

describe('provlens chain', () => {
  it('starts anvil with the registry, prints the deployment, and stops on SIGINT', async () => {
    const chainDir = mkdtempSync(path.join(tmpdir(), 'provlens-chain-'));
    const port = await freePort();
    const child: ChildProcess = spawn(
      process.execPath,
      [tsx, runner, 'chain', '--port', String(port), '--no-seed', '--json'],
      {
        cwd: chainDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`chain exited with ${code}`)));
    });
    const deployment = JSON.parse(line) as { rpcUrl: string; chainId: number; address: string };
    expect([deployment.rpcUrl, deployment.chainId]).toEqual([`http://127.0.0.1:${port}`, 31337]);
    const code = await fetch(deployment.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_getCode',
        params: [deployment.address, 'latest'],
      }),
    }).then((r) => r.json() as Promise<{ result: string }>);
    expect(code.result.length).toBeGreaterThan(2);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const after = await fetch(deployment.rpcUrl).then(
      () => 'listening',
      () => 'closed',
    );
    expect(after).toBe('closed');
    rmSync(chainDir, { recursive: true, force: true });
  });
});
